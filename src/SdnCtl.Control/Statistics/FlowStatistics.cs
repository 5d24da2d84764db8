using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Statistics;

/// <summary>One flow entry's last sample.</summary>
/// <param name="DatapathId">The switch.</param>
/// <param name="Entry">The entry as the switch reported it (table, priority, cookie, match, instructions, counters).</param>
/// <param name="Rates">Rates since the previous sample of the same entry, or <see langword="null"/> when the entry is new.</param>
/// <param name="SampledAt">When the reply arrived.</param>
public sealed record FlowStatistics(ulong DatapathId, FlowStatsEntry Entry, FlowRates? Rates, DateTimeOffset SampledAt);
