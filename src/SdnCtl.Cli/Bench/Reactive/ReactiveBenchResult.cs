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

    /// <summary>The most PACKET_INs one switch had unanswered at once (1 in latency mode).</summary>
    public int MaxOutstanding { get; init; }

    /// <summary>CPU time of the load generator: the emulated switches' threads.</summary>
    public double GeneratorCpuSeconds { get; init; }

    /// <summary>CPU time of the bench's process over the run (the generator, and the controller when in-process).</summary>
    public double ProcessCpuSeconds { get; init; }

    /// <summary>CPU time of the controller: a child process's, or this process's less the generator's; null when external.</summary>
    public double? ControllerCpuSeconds { get; init; }

    public double GeneratorCpuMicrosecondsPerResponse => Responses > 0 ? GeneratorCpuSeconds * 1e6 / Responses : 0;

    public double? ControllerCpuMicrosecondsPerResponse => Responses > 0 ? ControllerCpuSeconds * 1e6 / Responses : null;

    /// <summary>PACKET_INs the controller dropped under overload during the run (SdnCtl only; null when unknown).</summary>
    public long? DroppedByController { get; init; }

    public string? Error { get; init; }
}
