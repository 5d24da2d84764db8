using System.Collections.Immutable;

namespace SdnCtl.Control.Statistics;

/// <summary>One switch's last sample: every port and every flow entry, read in one poll.</summary>
/// <param name="DatapathId">The switch.</param>
/// <param name="SampledAt">When the later of the two replies arrived.</param>
/// <param name="SinceLast">Time since the previous sample of the same session, or <see langword="null"/> for the first one.</param>
/// <param name="Ports">Ports by number.</param>
/// <param name="Flows">Flow entries in table, then descending priority order.</param>
public sealed record SwitchStatistics(
    ulong DatapathId,
    DateTimeOffset SampledAt,
    TimeSpan? SinceLast,
    ImmutableArray<PortStatistics> Ports,
    ImmutableArray<FlowStatistics> Flows);
