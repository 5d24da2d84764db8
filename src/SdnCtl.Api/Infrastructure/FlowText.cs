using System.Globalization;
using SdnCtl.Api.Dtos;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Infrastructure;

/// <summary>Maps flow stats entries to <see cref="FlowDto"/> with Open vSwitch-style action text.</summary>
internal static class FlowText
{
    public static FlowDto ToDto(FlowStatsEntry e)
    {
        var match = new Dictionary<string, object>(e.Match.Count, StringComparer.Ordinal);
        foreach (var m in e.Match)
        {
            match[OxmText.Name(m.Field)] = OxmText.Value(m);
        }

        var flags = Enum.GetValues<FlowModFlags>().Where(f => f != 0 && e.Flags.HasFlag(f)).Select(f => f.ToString()).ToArray();
        return new FlowDto(
            e.TableId,
            e.Priority,
            "0x" + e.Cookie.ToString("x", CultureInfo.InvariantCulture),
            e.IdleTimeout,
            e.HardTimeout,
            flags,
            e.PacketCount,
            e.ByteCount,
            e.DurationSec + (e.DurationNsec / 1e9),
            match,
            e.Instructions.Select(ToDto).ToArray());
    }

    public static InstructionDto ToDto(OfpInstruction i) => i.Type switch
    {
        OfpInstructionType.ApplyActions => new InstructionDto("apply_actions", i.Actions.Select(Action).ToArray()),
        OfpInstructionType.WriteActions => new InstructionDto("write_actions", i.Actions.Select(Action).ToArray()),
        OfpInstructionType.ClearActions => new InstructionDto("clear_actions"),
        OfpInstructionType.GotoTable => new InstructionDto("goto_table", Table: i.TableId),
        OfpInstructionType.WriteMetadata => new InstructionDto("write_metadata", Metadata: $"0x{i.Metadata:x}/0x{i.MetadataMask:x}"),
        OfpInstructionType.Meter => new InstructionDto("meter", Meter: i.MeterId),
        _ => new InstructionDto("experimenter"),
    };

    public static string Action(OfpAction a) => a.Type switch
    {
        OfpActionType.Output => "output:" + Port(a.Argument) + (a.Argument == OfpPortNo.Controller ? ":" + a.MaxLen.ToString(CultureInfo.InvariantCulture) : string.Empty),
        OfpActionType.Group => $"group:{a.Argument}",
        OfpActionType.SetQueue => $"set_queue:{a.Argument}",
        OfpActionType.PushVlan => $"push_vlan:0x{a.Argument:x4}",
        OfpActionType.PopVlan => "pop_vlan",
        OfpActionType.PushMpls => $"push_mpls:0x{a.Argument:x4}",
        OfpActionType.PopMpls => $"pop_mpls:0x{a.Argument:x4}",
        OfpActionType.PushPbb => $"push_pbb:0x{a.Argument:x4}",
        OfpActionType.PopPbb => "pop_pbb",
        OfpActionType.SetNwTtl => $"set_nw_ttl:{a.Argument}",
        OfpActionType.DecNwTtl => "dec_ttl",
        OfpActionType.SetMplsTtl => $"set_mpls_ttl:{a.Argument}",
        OfpActionType.DecMplsTtl => "dec_mpls_ttl",
        OfpActionType.CopyTtlIn => "copy_ttl_in",
        OfpActionType.CopyTtlOut => "copy_ttl_out",
        OfpActionType.SetField => $"set_field:{OxmText.Value(a.Field)}->{OxmText.Name(a.Field.Field)}",
        _ => $"experimenter:0x{a.ExperimenterId:x}",
    };

    public static string Port(uint port) => port switch
    {
        OfpPortNo.InPort => "IN_PORT",
        OfpPortNo.Table => "TABLE",
        OfpPortNo.Normal => "NORMAL",
        OfpPortNo.Flood => "FLOOD",
        OfpPortNo.All => "ALL",
        OfpPortNo.Controller => "CONTROLLER",
        OfpPortNo.Local => "LOCAL",
        OfpPortNo.Any => "ANY",
        _ => port.ToString(CultureInfo.InvariantCulture),
    };
}
