namespace SdnCtl.Cli.Bench.Reactive;

/// <summary>One controller in one mode.</summary>
internal sealed record ReactiveRunResult
{
    public required string Controller { get; init; }

    public required string Mode { get; init; }

    public required int Switches { get; init; }

    public required int Window { get; init; }

    public long PacketIns { get; init; }

    public long Answered { get; init; }

    public long FlowMods { get; init; }

    public long PacketOuts { get; init; }

    /// <summary>FLOW_MODs plus PACKET_OUTs, cbench's "responses".</summary>
    public long Responses => FlowMods + PacketOuts;

    public long Duplicates { get; init; }

    public long Foreign { get; init; }

    public double ElapsedSeconds { get; init; }

    public double ResponsesPerSecond => ElapsedSeconds > 0 ? Responses / ElapsedSeconds : 0;

    public double PacketInsPerSecond => ElapsedSeconds > 0 ? Answered / ElapsedSeconds : 0;

    public double LatencyP50Us { get; init; }

    public double LatencyP99Us { get; init; }

    public double LatencyMaxUs { get; init; }

    public double CpuSeconds { get; init; }

    /// <summary>PACKET_INs the controller dropped under overload during the run (SdnCtl only; null when unknown).</summary>
    public long? DroppedByController { get; init; }

    public string? Error { get; init; }
}
