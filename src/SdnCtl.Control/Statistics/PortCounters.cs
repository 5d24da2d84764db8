using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Statistics;

/// <summary>A port's counters as the switch reported them (OFPMP_PORT_STATS), or a sum of several ports'.</summary>
public readonly record struct PortCounters(
    ulong RxPackets,
    ulong TxPackets,
    ulong RxBytes,
    ulong TxBytes,
    ulong RxDropped,
    ulong TxDropped,
    ulong RxErrors,
    ulong TxErrors)
{
    /// <summary>The counters of one port stats entry.</summary>
    public static PortCounters From(PortStatsEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.RxPackets, e.TxPackets, e.RxBytes, e.TxBytes, e.RxDropped, e.TxDropped, e.RxErrors, e.TxErrors);
    }

    /// <summary>Field-wise sum (for a tenant's ports).</summary>
    public PortCounters Plus(PortCounters other) => new(
        RxPackets + other.RxPackets,
        TxPackets + other.TxPackets,
        RxBytes + other.RxBytes,
        TxBytes + other.TxBytes,
        RxDropped + other.RxDropped,
        TxDropped + other.TxDropped,
        RxErrors + other.RxErrors,
        TxErrors + other.TxErrors);
}
