using SdnCtl.Api.Flows;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>A request's flows encoded once: the FLOW_MOD bytes, the store key and the grouping by switch.</summary>
public sealed class FlowBatchTests
{
    [Fact]
    public void Add_ReusedMod_KeepsEachFlowAsItWasWhenAdded()
    {
        using var batch = new FlowBatch(1);
        var mod = new FlowMod { Command = FlowModCommand.Add, Priority = 7, Xid = 99, Match = [OxmEntry.InPort(1)] };
        mod.Instructions.Add(OfpInstruction.ApplyActions(OfpAction.Output(2)));
        byte[] first = mod.ToArray();
        batch.Add(5, mod);
        mod.Priority = 8;
        mod.Match.Add(OxmEntry.EthDst(0x0a0000000001));
        mod.Instructions.Clear();
        for (int i = 0; i < 100; i++)
        {
            batch.Add((ulong)(6 + (i % 3)), mod); // grows every buffer past its first size
        }

        Assert.Equal(101, batch.Count);
        first.AsSpan(4, 4).Clear(); // stored and sent with the session's xid, not the instance's
        Assert.Equal(first, batch.FlowMod(0).ToArray());
        Assert.Equal(99u, mod.Xid);
        Assert.Equal((ushort)8, batch.Decode(100).Priority);
        Assert.Equal(2, batch.Decode(100).Match.Count);
        Assert.Equal([5UL, 6UL, 7UL, 8UL], Enumerable.Range(0, batch.SwitchCount).Select(batch.SwitchAt));
        Assert.Equal(8UL, batch.DatapathId(3));
    }

    [Fact]
    public void Key_MatchListedInAnotherOrder_IsTheSameKey()
    {
        using var batch = new FlowBatch();
        batch.Add(1, new FlowMod { Command = FlowModCommand.Add, TableId = 2, Priority = 0x1234, Match = [OxmEntry.EthType(0x0800), OxmEntry.InPort(3)] });
        batch.Add(1, new FlowMod { Command = FlowModCommand.Add, TableId = 2, Priority = 0x1234, Match = [OxmEntry.InPort(3), OxmEntry.EthType(0x0800)] });
        batch.Add(1, new FlowMod { Command = FlowModCommand.Add, TableId = 2, Priority = 0x1235, Match = [OxmEntry.InPort(3), OxmEntry.EthType(0x0800)] });

        Assert.Equal(batch.Key(0).ToArray(), batch.Key(1).ToArray());
        Assert.NotEqual(batch.Key(1).ToArray(), batch.Key(2).ToArray());
        Assert.Equal([2, 0x12, 0x34], batch.Key(0)[..3].ToArray());
        Assert.NotEqual(batch.FlowMod(0).ToArray(), batch.FlowMod(1).ToArray());
    }

    [Fact]
    public void BySwitch_GroupsFlowsPerSwitchInRequestOrder()
    {
        using var batch = new FlowBatch();
        ulong[] dpids = [3, 1, 3, 2, 1, 3];
        foreach (ulong dpid in dpids)
        {
            batch.Add(dpid, new FlowMod { Command = FlowModCommand.Add });
        }

        var (order, start) = batch.BySwitch();

        Assert.Equal([0, 3, 5, 6], start);
        Assert.Equal([0, 2, 5, 1, 4, 3], order);
        Assert.Equal([3UL, 1UL, 2UL], Enumerable.Range(0, batch.SwitchCount).Select(batch.SwitchAt));
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBuffersOnce()
    {
        var batch = new FlowBatch(4);
        batch.Add(1, new FlowMod { Command = FlowModCommand.Add });
        batch.Dispose();
        batch.Dispose();

        Assert.Equal(0, batch.Count);
    }
}
