using System.Runtime.InteropServices;
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
/// <remarks>
/// An installer makes one instance per switch and phase and sends <see cref="For"/>'s FLOW_MOD of each
/// flow with <c>SendCopy</c> (which encodes before returning). The instance holds one FLOW_MOD per
/// shape whose lists already have their entries, so a flow only overwrites the entries that vary, in
/// place: no list is cleared and refilled, and nothing is allocated per flow. This loop was the
/// controller side's hottest managed frame in the bench's profile (clearing and refilling three lists
/// per flow, the action list's clear a memset since actions hold a reference).
/// </remarks>
internal sealed class FlowSet
{
    private const int Ports = 4;
    private const int Shapes = 3;

    private readonly FlowMod[] _mods = new FlowMod[Shapes];
    private readonly List<OfpAction>?[] _actions = new List<OfpAction>?[Shapes];
    private readonly int _switchIndex;
    private readonly int _tables;
    private readonly bool _modified;

    /// <summary>
    /// The flows of switch <paramref name="switchIndex"/> over <paramref name="tables"/> tables as
    /// <paramref name="command"/>: ADD; MODIFY_STRICT with the same match and priority and the output
    /// moved to <see cref="OutputPort"/>'s modified port; or DELETE_STRICT (no instructions).
    /// </summary>
    public FlowSet(int switchIndex, int tables, FlowModCommand command = FlowModCommand.Add)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tables, 1);
        _switchIndex = switchIndex;
        _tables = tables;
        _modified = command == FlowModCommand.ModifyStrict;

        // The entries below are placeholders of the right field and shape; For overwrites every value that varies.
        List<OxmEntry>[] matches =
        [
            [OxmEntry.InPort(1), OxmEntry.EthDst(0)],
            [OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0, 24), OxmEntry.IpProto(6), OxmEntry.TcpDst(0)],
            [OxmEntry.InPort(1), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0)],
        ];
        OfpAction[][] actions =
        [
            [OfpAction.Output(1)],
            [OfpAction.Output(1)],
            [OfpAction.PushVlan(), OfpAction.SetVlanVid(1), OfpAction.Output(1)],
        ];
        for (int shape = 0; shape < Shapes; shape++)
        {
            var mod = new FlowMod
            {
                Command = command,
                Priority = (ushort)(100 + shape),
                Match = matches[shape],
            };

            // DELETE_STRICT carries no instructions.
            if (command != FlowModCommand.DeleteStrict)
            {
                var apply = OfpInstruction.ApplyActions(actions[shape]);
                mod.Instructions.Add(apply);
                _actions[shape] = apply.Actions;
            }

            _mods[shape] = mod;
        }
    }

    /// <summary>The cookie of flow <paramref name="index"/> on switch <paramref name="switchIndex"/>.</summary>
    public static ulong Cookie(int switchIndex, int index) => ((ulong)(uint)(switchIndex + 1) << 32) | (uint)index;

    /// <summary>The port flow <paramref name="index"/> outputs to, before and after the modify phase (never equal).</summary>
    public static uint OutputPort(int index, bool modified)
    {
        int j = index / 3;
        return (uint)(1 + ((j + (modified ? 2 : 1)) % Ports));
    }

    /// <summary>
    /// The FLOW_MOD of flow <paramref name="index"/>: one of this instance's, valid until the next call
    /// (send it with <c>SendCopy</c>). Xid 0: the session assigns one.
    /// </summary>
    public FlowMod For(int index)
    {
        // j numbers the flows of one shape, so values within a shape never repeat.
        int j = index / Shapes;
        int shape = index - (j * Shapes);
        uint inPort = (uint)(1 + (j % Ports));
        var mod = _mods[shape];
        var match = CollectionsMarshal.AsSpan(mod.Match);
        switch (shape)
        {
            case 0:
                match[0] = OxmEntry.InPort(inPort);
                match[1] = OxmEntry.EthDst(0x0200_0000_0000UL | (uint)j);
                break;
            case 1:
                // 10.a.b.0/24 from the low 16 bits, the tcp port from the rest: distinct up to 2^16 * 64,511.
                match[1] = OxmEntry.Ipv4Dst(0x0A00_0000u | ((uint)(j & 0xffff) << 8), 24);
                match[3] = OxmEntry.TcpDst((ushort)(1024 + (j >> 16)));
                break;
            default:
                match[0] = OxmEntry.InPort(inPort);
                match[2] = OxmEntry.Ipv4Dst(0x0B00_0000u | (uint)j);
                break;
        }

        if (_actions[shape] is { } list)
        {
            var actions = CollectionsMarshal.AsSpan(list);
            if (shape == 2)
            {
                actions[1] = OfpAction.SetVlanVid((ushort)(1 + (j % 4094)));
            }

            actions[^1] = OfpAction.Output(OutputPort(index, _modified));
        }

        mod.TableId = (byte)(index % _tables);
        mod.Cookie = Cookie(_switchIndex, index);
        return mod;
    }
}
