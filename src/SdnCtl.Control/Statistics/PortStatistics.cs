namespace SdnCtl.Control.Statistics;

/// <summary>One port's last sample.</summary>
/// <param name="DatapathId">The switch.</param>
/// <param name="PortNo">The port number.</param>
/// <param name="Counters">The counters as read.</param>
/// <param name="Rates">Rates since the previous sample of the same session, or <see langword="null"/> after the first sample.</param>
/// <param name="Duration">How long the port has existed, as the switch says.</param>
/// <param name="SampledAt">When the reply arrived.</param>
public sealed record PortStatistics(ulong DatapathId, uint PortNo, PortCounters Counters, PortRates? Rates, TimeSpan Duration, DateTimeOffset SampledAt);
