namespace SdnCtl.Cli.Bench.Reactive;

/// <summary>Parameters of <c>sdnctl bench reactive</c>.</summary>
internal sealed record ReactiveBenchOptions
{
    /// <summary>The in-process SdnCtl controller, the default target.</summary>
    public const string Builtin = "sdnctl";

    /// <summary>Debian's <c>ovs-testcontroller</c> started by the bench on a free loopback port.</summary>
    public const string OvsTestController = "ovs-testcontroller";

    /// <summary>The harness floor: an in-process responder answering each PACKET_IN at once with pre-built messages.</summary>
    public const string Echo = "echo";

    public int Switches { get; init; } = 16;

    /// <summary>Distinct host MACs per switch.</summary>
    public int Macs { get; init; } = 100_000;

    /// <summary>PACKET_INs per switch in throughput mode.</summary>
    public int Packets { get; init; } = 100_000;

    /// <summary>
    /// Unanswered PACKET_INs allowed per switch in throughput mode. The default keeps 16 switches'
    /// worth (8,000) under SdnCtl's packet-in queue (10,000): beyond it the controller sheds load by
    /// dropping packet-ins, which the bench then reports as unanswered (and, for SdnCtl, as dropped).
    /// </summary>
    public int Window { get; init; } = 500;

    /// <summary>PACKET_INs per switch in latency mode (one outstanding at a time).</summary>
    public int LatencyPackets { get; init; } = 2_000;

    /// <summary>throughput, latency or both.</summary>
    public string Mode { get; init; } = "both";

    /// <summary>Targets: <see cref="Builtin"/>, <see cref="OvsTestController"/>, <see cref="Echo"/> or HOST:PORT of any OpenFlow 1.3 controller.</summary>
    public IReadOnlyList<string> Controllers { get; init; } = [Builtin];

    /// <summary>Fails a run that has not been answered in full by then (never a pass criterion).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    public bool RunsThroughput => Mode is "throughput" or "both";

    public bool RunsLatency => Mode is "latency" or "both";

    public string? Validate()
    {
        if (Switches is < 1 or > 127)
        {
            return "--switches must be between 1 and 127";
        }

        if (Macs is < 2 or > 131_072)
        {
            return "--macs must be between 2 and 131072";
        }

        if (Packets < 1 || LatencyPackets < 1)
        {
            return "--packets and --latency-packets must be at least 1";
        }

        if (Window < 1)
        {
            return "--window must be at least 1";
        }

        if (Mode is not ("throughput" or "latency" or "both"))
        {
            return "--mode must be throughput, latency or both";
        }

        if (Controllers.Count == 0)
        {
            return "--controller needs at least one target";
        }

        foreach (string c in Controllers)
        {
            if (c is not (Builtin or OvsTestController or Echo) && !(System.Net.IPEndPoint.TryParse(c, out var endPoint) && endPoint.Port > 0))
            {
                return $"--controller '{c}': expected {Builtin}, {OvsTestController}, {Echo} or HOST:PORT (an IP address and a port)";
            }
        }

        return null;
    }
}
