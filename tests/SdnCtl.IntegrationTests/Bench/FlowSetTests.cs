using SdnCtl.Cli.Bench;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.IntegrationTests.Bench;

/// <summary>
/// FlowSet overwrites reused FLOW_MODs in place; every flow it hands out must encode to the same bytes
/// as a FLOW_MOD built from scratch from the bench's flow description, whatever was handed out before.
/// </summary>
public sealed class FlowSetTests
{
    public static TheoryData<int, int, FlowModCommand> Cases() => new()
    {
        { 0, 1, FlowModCommand.Add },
        { 5, 3, FlowModCommand.Add },
        { 2, 4, FlowModCommand.ModifyStrict },
        { 7, 2, FlowModCommand.DeleteStrict },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void For_InOrderAndOutOfOrder_EncodesAsAFlowModBuiltFromScratch(int switchIndex, int tables, FlowModCommand command)
    {
        var flows = new FlowSet(switchIndex, tables, command);

        // In order, then backwards and strided, so that no value may survive from the previous flow of a shape;
        // the last indices have j >= 2^16, where the tcp port moves on.
        int[] order = [.. Enumerable.Range(0, 3_000), .. Enumerable.Range(0, 3_000).Reverse(), .. Enumerable.Range(0, 200).Select(i => (i * 7919) % 3_000), 196_606, 196_607, 196_608, 3_000_000];
        foreach (int index in order)
        {
            var expected = Expected(switchIndex, index, tables, command).ToArray();

            var actual = flows.For(index).ToArray();

            Assert.True(expected.AsSpan().SequenceEqual(actual), $"flow {index}: bytes differ");
        }
    }

    [Fact]
    public void For_DeleteStrict_CarriesNoInstructions()
    {
        var flows = new FlowSet(0, 1, FlowModCommand.DeleteStrict);

        Assert.All(Enumerable.Range(0, 3), i => Assert.Empty(flows.For(i).Instructions));
    }

    [Fact]
    public void New_NoTables_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new FlowSet(0, 0));

    /// <summary>The bench's flow i, written out plainly: the description FlowSet must keep to.</summary>
    private static FlowMod Expected(int switchIndex, int index, int tables, FlowModCommand command)
    {
        int j = index / 3;
        uint inPort = (uint)(1 + (j % 4));
        uint outPort = (uint)(1 + ((j + (command == FlowModCommand.ModifyStrict ? 2 : 1)) % 4));
        var mod = new FlowMod
        {
            Command = command,
            TableId = (byte)(index % tables),
            Cookie = ((ulong)(switchIndex + 1) << 32) | (uint)index,
            Priority = (ushort)(100 + (index % 3)),
        };
        OfpAction[] actions;
        switch (index % 3)
        {
            case 0:
                mod.Match = [OxmEntry.InPort(inPort), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)j)];
                actions = [OfpAction.Output(outPort)];
                break;
            case 1:
                mod.Match = [OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0A00_0000u | ((uint)(j & 0xffff) << 8), 24), OxmEntry.IpProto(6), OxmEntry.TcpDst((ushort)(1024 + (j >> 16)))];
                actions = [OfpAction.Output(outPort)];
                break;
            default:
                mod.Match = [OxmEntry.InPort(inPort), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0B00_0000u | (uint)j)];
                actions = [OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)(1 + (j % 4094))), OfpAction.Output(outPort)];
                break;
        }

        if (command != FlowModCommand.DeleteStrict)
        {
            mod.Instructions.Add(OfpInstruction.ApplyActions(actions));
        }

        return mod;
    }
}
