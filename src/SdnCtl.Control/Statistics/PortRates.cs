namespace SdnCtl.Control.Statistics;

/// <summary>Per-second rates of a port (or a sum of ports) between two samples.</summary>
public readonly record struct PortRates(double RxBytes, double TxBytes, double RxPackets, double TxPackets)
{
    /// <summary>The rates from <paramref name="previous"/> to <paramref name="current"/>, <paramref name="elapsed"/> apart; a counter that went back counts 0.</summary>
    public static PortRates Between(PortCounters previous, PortCounters current, TimeSpan elapsed) => new(
        CounterRate.PerSecond(previous.RxBytes, current.RxBytes, elapsed),
        CounterRate.PerSecond(previous.TxBytes, current.TxBytes, elapsed),
        CounterRate.PerSecond(previous.RxPackets, current.RxPackets, elapsed),
        CounterRate.PerSecond(previous.TxPackets, current.TxPackets, elapsed));

    /// <summary>Field-wise sum (for a tenant's ports).</summary>
    public PortRates Plus(PortRates other) =>
        new(RxBytes + other.RxBytes, TxBytes + other.TxBytes, RxPackets + other.RxPackets, TxPackets + other.TxPackets);
}
