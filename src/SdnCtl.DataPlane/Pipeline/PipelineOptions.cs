namespace SdnCtl.DataPlane.Pipeline;

/// <summary>Sizing of a <see cref="SwitchPipeline"/>.</summary>
public sealed class PipelineOptions
{
    /// <summary>Number of flow tables, 1..254 (default 8).</summary>
    public int TableCount { get; init; } = 8;

    /// <summary>Entries per table before FLOW_MOD fails with TABLE_FULL.</summary>
    public int MaxEntriesPerTable { get; init; } = 1_000_000;

    /// <summary>Groups before GROUP_MOD fails with OUT_OF_GROUPS.</summary>
    public int MaxGroups { get; init; } = 65_536;

    /// <summary>Buckets per group before GROUP_MOD fails with OUT_OF_BUCKETS.</summary>
    public int MaxBuckets { get; init; } = 64;

    /// <summary>Meters before METER_MOD fails with OUT_OF_METERS.</summary>
    public int MaxMeters { get; init; } = 65_536;

    /// <summary>Bands per meter before METER_MOD fails with OUT_OF_BANDS.</summary>
    public int MaxBands { get; init; } = 8;

    /// <summary>Longest group chain followed at packet time (loops are refused at GROUP_MOD; this is a guard).</summary>
    public int MaxGroupDepth { get; init; } = 16;

    /// <summary>Throws when a value is outside its range.</summary>
    public void Validate()
    {
        if (TableCount is < 1 or > 254)
        {
            throw new ArgumentOutOfRangeException(nameof(TableCount), TableCount, "table count must be 1..254");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxEntriesPerTable);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGroups);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBuckets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxMeters);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBands);
    }
}
