namespace SdnCtl.Cli.Bench;

/// <summary>Every figure of one <c>sdnctl bench flows</c> run (serialized as is by <c>--json</c>).</summary>
internal sealed record FlowBenchResult
{
    public required FlowBenchOptions Parameters { get; init; }

    /// <summary>Flows confirmed by barrier replies.</summary>
    public long FlowsInstalled { get; init; }

    /// <summary>From the first flow-mod sent to the last barrier reply.</summary>
    public double ElapsedSeconds { get; init; }

    public double FlowsPerSecond => ElapsedSeconds > 0 ? FlowsInstalled / ElapsedSeconds : 0;

    public double FirstBarrierMs { get; init; }

    public double LastBarrierMs { get; init; }

    public int Batches { get; init; }

    public double BatchLatencyP50Ms { get; init; }

    public double BatchLatencyP99Ms { get; init; }

    public double BatchLatencyMaxMs { get; init; }

    /// <summary>Process CPU time during installation: controller and switches together, or the controller alone with <c>--switch-process</c>.</summary>
    public double CpuSeconds { get; init; }

    public double CpuMicrosecondsPerFlow => FlowsInstalled > 0 ? CpuSeconds * 1e6 / FlowsInstalled : 0;

    /// <summary>Bytes the controller wrote to the switches (southbound counters).</summary>
    public long BytesToSwitches { get; init; }

    /// <summary>Bytes the controller read from the switches (southbound counters).</summary>
    public long BytesFromSwitches { get; init; }

    public long MessagesToSwitches { get; init; }

    public long SocketWrites { get; init; }

    /// <summary>Managed bytes allocated by the whole process during installation.</summary>
    public long AllocatedBytes { get; init; }

    public double AllocatedBytesPerFlow => FlowsInstalled > 0 ? (double)AllocatedBytes / FlowsInstalled : 0;

    public int Gen0Collections { get; init; }

    public int Gen1Collections { get; init; }

    public int Gen2Collections { get; init; }

    /// <summary>OFPT_ERRORs the switches sent back.</summary>
    public int Errors { get; init; }

    public required FlowVerification Verification { get; init; }

    /// <summary>The child process that ran the switches (<c>--switch-process</c>), ended by the time the result is returned.</summary>
    public int? SwitchProcessId { get; init; }

    /// <summary>The modify and delete phases, when asked for (<c>--modify-delete</c>).</summary>
    public IReadOnlyList<FlowPhaseResult> LaterPhases { get; init; } = [];
}

/// <summary>One phase after the ADD: every flow modified, or every flow deleted, barrier-confirmed.</summary>
internal sealed record FlowPhaseResult
{
    /// <summary>modify or delete.</summary>
    public required string Operation { get; init; }

    public long Flows { get; init; }

    public double ElapsedSeconds { get; init; }

    public double FlowsPerSecond => ElapsedSeconds > 0 ? Flows / ElapsedSeconds : 0;

    public double BatchLatencyP50Ms { get; init; }

    public double BatchLatencyP99Ms { get; init; }

    public double CpuSeconds { get; init; }

    /// <summary>CPU per flow modified or deleted, µs.</summary>
    public double CpuMicrosecondsPerFlow => Flows > 0 ? CpuSeconds * 1e6 / Flows : 0;

    /// <summary>Bytes this process allocated during the phase.</summary>
    public long AllocatedBytes { get; init; }

    public long AllocatedBytesPerFlow => Flows > 0 ? AllocatedBytes / Flows : 0;

    public int Errors { get; init; }

    /// <summary>For modify: entries still carrying the old output (or missing); for delete: bench entries left.</summary>
    public required FlowVerification Verification { get; init; }
}

/// <summary>What the multipart flow stats read back from the switches.</summary>
internal sealed record FlowVerification
{
    public bool Performed { get; init; }

    /// <summary>Flow entries read back, over all switches.</summary>
    public long EntriesRead { get; init; }

    /// <summary>Expected flows absent from their switch.</summary>
    public long Missing { get; init; }

    /// <summary>Entries whose cookie appeared more than once on one switch.</summary>
    public long Duplicates { get; init; }

    /// <summary>Entries with a cookie that was never sent to that switch.</summary>
    public long Unexpected { get; init; }

    /// <summary>Entries whose output is not the one last sent (after the modify phase).</summary>
    public long WrongOutput { get; init; }

    public double Seconds { get; init; }

    public bool Passed => Performed && Missing == 0 && Duplicates == 0 && Unexpected == 0 && WrongOutput == 0;
}
