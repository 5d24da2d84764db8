using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Cli.Bench;

/// <summary>
/// The flows of the proactive bench: distinct, realistic 2–4 field matches in three shapes
/// (in_port+eth_dst → output; eth_type+ipv4_dst/24+ip_proto+tcp_dst → output; in_port+eth_type+ipv4_dst →
/// push_vlan+set_field+output). Flow i of switch s carries cookie (s+1)&lt;&lt;32 | i, so a table read back
/// is checked by cookies alone.
/// </summary>
internal static class FlowSet
{
    private const int Ports = 4;

    /// <summary>The cookie of flow <paramref name="index"/> on switch <paramref name="switchIndex"/>.</summary>
    public static ulong Cookie(int switchIndex, int index) => ((ulong)(uint)(switchIndex + 1) << 32) | (uint)index;

    /// <summary>
    /// Makes <paramref name="mod"/> the FLOW_MOD of flow <paramref name="index"/> on switch
    /// <paramref name="switchIndex"/> (ADD; MODIFY_STRICT with the same match and priority and the
    /// output moved to <see cref="OutputPort"/>; or DELETE_STRICT), reusing its lists and the caller's apply-actions instruction <paramref name="apply"/>, so that
    /// the installer allocates nothing per flow (it sends with <c>SendCopy</c>, which encodes before
    /// returning). Xid 0: the session assigns one.
    /// </summary>
    public static void Fill(FlowMod mod, OfpInstruction apply, int switchIndex, int index, int tables, FlowModCommand command = FlowModCommand.Add)
    {
        // j numbers the flows of one shape, so values within a shape never repeat.
        int j = index / 3;
        uint inPort = (uint)(1 + (j % Ports));
        uint outPort = OutputPort(index, modified: command == FlowModCommand.ModifyStrict);
        var match = mod.Match;
        match.Clear();
        var instructions = mod.Instructions;
        instructions.Clear();
        var actions = apply.Actions;
        actions.Clear();
        switch (index % 3)
        {
            case 0:
                match.Add(OxmEntry.InPort(inPort));
                match.Add(OxmEntry.EthDst(0x0200_0000_0000UL | (uint)j));
                actions.Add(OfpAction.Output(outPort));
                break;
            case 1:
                // 10.a.b.0/24 from the low 16 bits, the tcp port from the rest: distinct up to 2^16 * 64,511.
                uint prefix = 0x0A00_0000u | ((uint)(j & 0xffff) << 8);
                match.Add(OxmEntry.EthType(0x0800));
                match.Add(OxmEntry.Ipv4Dst(prefix, 24));
                match.Add(OxmEntry.IpProto(6));
                match.Add(OxmEntry.TcpDst((ushort)(1024 + (j >> 16))));
                actions.Add(OfpAction.Output(outPort));
                break;
            default:
                match.Add(OxmEntry.InPort(inPort));
                match.Add(OxmEntry.EthType(0x0800));
                match.Add(OxmEntry.Ipv4Dst(0x0B00_0000u | (uint)j));
                actions.Add(OfpAction.PushVlan());
                actions.Add(OfpAction.SetVlanVid((ushort)(1 + (j % 4094))));
                actions.Add(OfpAction.Output(outPort));
                break;
        }

        // DELETE_STRICT carries no instructions.
        if (command != FlowModCommand.DeleteStrict)
        {
            instructions.Add(apply);
        }

        mod.Xid = 0;
        mod.Command = command;
        mod.TableId = (byte)(index % tables);
        mod.Cookie = Cookie(switchIndex, index);
        mod.Priority = (ushort)(100 + (index % 3));
    }

    /// <summary>The port flow <paramref name="index"/> outputs to, before and after the modify phase (never equal).</summary>
    public static uint OutputPort(int index, bool modified)
    {
        int j = index / 3;
        return (uint)(1 + ((j + (modified ? 2 : 1)) % Ports));
    }
}
