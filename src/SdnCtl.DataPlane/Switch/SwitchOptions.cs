using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;

namespace SdnCtl.DataPlane.Switch;

/// <summary>Identity and sizing of a <see cref="SimulatedSwitch"/>.</summary>
public sealed class SwitchOptions
{
    /// <summary>Datapath id (64 bits; the low 48 are usually a MAC).</summary>
    public ulong DatapathId { get; init; } = 1;

    /// <summary>Pipeline sizing (number of tables etc.).</summary>
    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>Manufacturer description (DESC reply).</summary>
    public string Manufacturer { get; init; } = "SdnCtl";

    /// <summary>Hardware description (DESC reply).</summary>
    public string Hardware { get; init; } = "SdnCtl simulated OpenFlow 1.3 switch";

    /// <summary>Software description (DESC reply).</summary>
    public string Software { get; init; } = "SdnCtl.DataPlane";

    /// <summary>Serial number (DESC reply).</summary>
    public string SerialNumber { get; init; } = "0";

    /// <summary>Human-readable datapath description (DESC reply); defaults to "dpid:…".</summary>
    public string? DatapathDescription { get; init; }

    /// <summary>
    /// Largest multipart reply message; bigger replies are split with OFPMPF_REPLY_MORE. The wire
    /// limit is 65535; tests lower it to exercise splitting cheaply.
    /// </summary>
    public int MaxMultipartReplyBytes { get; init; } = OfpConstants.MaxMessageSize;

    /// <summary>Initial miss_send_len (spec default 128).</summary>
    public ushort MissSendLength { get; init; } = 128;
}
