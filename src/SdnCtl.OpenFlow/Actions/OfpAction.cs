using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Actions;

/// <summary>
/// One OpenFlow 1.3 action as a small value. <see cref="Argument"/> carries the single scalar of
/// the action kinds that have one: output port, group id, queue id, TTL, or ethertype of a push;
/// <see cref="MaxLen"/> is output's max_len; <see cref="Field"/> is set_field's OXM. Experimenter
/// actions keep their body opaque.
/// </summary>
// Auto layout packs the small fields around the 16-byte-aligned OXM entry (copied per action).
[StructLayout(LayoutKind.Auto)]
public readonly record struct OfpAction(
    OfpActionType Type,
    uint Argument = 0,
    ushort MaxLen = 0,
    OxmEntry Field = default,
    uint ExperimenterId = 0,
    ReadOnlyMemory<byte> ExperimenterData = default)
{
    /// <summary>Output to a port; <paramref name="maxLen"/> matters for OFPP_CONTROLLER.</summary>
    public static OfpAction Output(uint port, ushort maxLen = OfpConstants.ControllerMaxLenNoBuffer) =>
        new(OfpActionType.Output, port, maxLen);

    /// <summary>Output to the controller with the whole packet.</summary>
    public static OfpAction ToController(ushort maxLen = OfpConstants.ControllerMaxLenNoBuffer) =>
        new(OfpActionType.Output, OfpPortNo.Controller, maxLen);

    /// <summary>Apply a group.</summary>
    public static OfpAction Group(uint groupId) => new(OfpActionType.Group, groupId);

    /// <summary>Push an 802.1Q (0x8100) or 802.1ad (0x88a8) tag.</summary>
    public static OfpAction PushVlan(ushort etherType = 0x8100) => new(OfpActionType.PushVlan, etherType);

    /// <summary>Pop the outermost VLAN tag.</summary>
    public static OfpAction PopVlan() => new(OfpActionType.PopVlan);

    /// <summary>Push an MPLS shim (0x8847 or 0x8848).</summary>
    public static OfpAction PushMpls(ushort etherType = 0x8847) => new(OfpActionType.PushMpls, etherType);

    /// <summary>Pop MPLS, setting the payload ethertype.</summary>
    public static OfpAction PopMpls(ushort etherType) => new(OfpActionType.PopMpls, etherType);

    /// <summary>Push a PBB service tag (0x88e7).</summary>
    public static OfpAction PushPbb(ushort etherType = 0x88e7) => new(OfpActionType.PushPbb, etherType);

    /// <summary>Pop the PBB service tag.</summary>
    public static OfpAction PopPbb() => new(OfpActionType.PopPbb);

    /// <summary>Set a header field from an exact OXM.</summary>
    public static OfpAction SetField(OxmEntry field) => new(OfpActionType.SetField, Field: field);

    /// <summary>Set the VLAN id (OFPVID_PRESENT is added).</summary>
    public static OfpAction SetVlanVid(ushort vid) => SetField(OxmEntry.VlanVid(vid));

    /// <summary>Set the output queue.</summary>
    public static OfpAction SetQueue(uint queueId) => new(OfpActionType.SetQueue, queueId);

    /// <summary>Set the IP TTL.</summary>
    public static OfpAction SetNwTtl(byte ttl) => new(OfpActionType.SetNwTtl, ttl);

    /// <summary>Decrement the IP TTL.</summary>
    public static OfpAction DecNwTtl() => new(OfpActionType.DecNwTtl);

    /// <summary>Set the MPLS TTL.</summary>
    public static OfpAction SetMplsTtl(byte ttl) => new(OfpActionType.SetMplsTtl, ttl);

    /// <summary>Decrement the MPLS TTL.</summary>
    public static OfpAction DecMplsTtl() => new(OfpActionType.DecMplsTtl);

    /// <summary>Copy TTL outwards.</summary>
    public static OfpAction CopyTtlOut() => new(OfpActionType.CopyTtlOut);

    /// <summary>Copy TTL inwards.</summary>
    public static OfpAction CopyTtlIn() => new(OfpActionType.CopyTtlIn);

    /// <summary>Output port for <see cref="OfpActionType.Output"/>.</summary>
    public uint Port => Argument;

    /// <summary>Bytes this action takes on the wire.</summary>
    public int WireLength => ActionCodec.Length(this);

    /// <summary>Value equality including the experimenter body's bytes.</summary>
    public bool Equals(OfpAction other) =>
        Type == other.Type && Argument == other.Argument && MaxLen == other.MaxLen && Field == other.Field &&
        ExperimenterId == other.ExperimenterId && ExperimenterData.Span.SequenceEqual(other.ExperimenterData.Span);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Argument, MaxLen, Field, ExperimenterId, ExperimenterData.Length);

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        OfpActionType.Output => Argument switch
        {
            OfpPortNo.Controller => $"output:CONTROLLER:{MaxLen}",
            OfpPortNo.Flood => "output:FLOOD",
            OfpPortNo.All => "output:ALL",
            OfpPortNo.InPort => "output:IN_PORT",
            OfpPortNo.Local => "output:LOCAL",
            OfpPortNo.Table => "output:TABLE",
            OfpPortNo.Normal => "output:NORMAL",
            _ => $"output:{Argument}",
        },
        OfpActionType.SetField => $"set_field:{Field}",
        OfpActionType.Group => $"group:{Argument}",
        OfpActionType.PushVlan or OfpActionType.PushMpls or OfpActionType.PushPbb or OfpActionType.PopMpls => $"{Type}:0x{Argument:x4}",
        OfpActionType.SetQueue or OfpActionType.SetNwTtl or OfpActionType.SetMplsTtl => $"{Type}:{Argument}",
        _ => Type.ToString(),
    };
}
