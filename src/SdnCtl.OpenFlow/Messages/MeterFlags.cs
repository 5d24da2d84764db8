namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Meter configuration flags (spec 7.3.4.4, <c>enum ofp_meter_flags</c>).</summary>
[Flags]
public enum MeterFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>Rates in kb/s.</summary>
    Kbps = 1,
    /// <summary>Rates in packets/s.</summary>
    Pktps = 2,
    /// <summary>Burst sizes apply.</summary>
    Burst = 4,
    /// <summary>Collect statistics.</summary>
    Stats = 8,
}
