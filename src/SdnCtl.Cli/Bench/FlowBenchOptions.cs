namespace SdnCtl.Cli.Bench;

/// <summary>Parameters of one <c>sdnctl bench flows</c> run.</summary>
internal sealed record FlowBenchOptions
{
    /// <summary>Simulated switches connected over TCP loopback.</summary>
    public int Switches { get; init; } = 16;

    /// <summary>Flows installed in total, spread evenly over the switches.</summary>
    public int Flows { get; init; } = 1_000_000;

    /// <summary>Flow-mods per batch; each batch is followed by a barrier.</summary>
    public int Batch { get; init; } = 1000;

    /// <summary>Batches in flight per switch (sent, barrier reply not yet back).</summary>
    public int Window { get; init; } = 4;

    /// <summary>Flow tables the flows are spread over (flow i goes to table i mod Tables).</summary>
    public int Tables { get; init; } = 1;

    /// <summary>After the ADD phase: modify every flow (MODIFY_STRICT, new output), then delete every flow (DELETE_STRICT).</summary>
    public bool ModifyAndDelete { get; init; }

    /// <summary>Run the switches in a child process (<c>sdnctl bench switches</c>) instead of this one.</summary>
    public bool SwitchProcess { get; init; }

    /// <summary>Read every switch's table back with multipart flow stats and compare.</summary>
    public bool Verify { get; init; } = true;

    /// <summary>
    /// Event-loop threads of the switches' client (0 = DotNetty's default, two per core). One per core
    /// by default: the 16 switches' side costs more CPU per flow than the controller's, and on one thread
    /// they kept the second core of a 2-core machine idle half the time (1,000,000 flows: 624k–678k flows/s
    /// on one thread, 837k–909k on two, same build).
    /// </summary>
    public int SwitchThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Flows per switch installed and deleted again (barrier-confirmed) before the clock starts, so the
    /// timed run measures installing on a running controller rather than the runtime compiling and
    /// optimising the install path during its first second (0 = measure cold). The tables are empty
    /// again when the timed run starts; the verification still checks that they hold exactly the flows.
    /// </summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Event-loop threads of the controller's server (0 = DotNetty's default).</summary>
    public int ServerThreads { get; init; } = 1;

    /// <summary>Flows installed on switch <paramref name="index"/> (0-based): an even share, the remainder to the first ones.</summary>
    public int FlowsFor(int index) => (Flows / Switches) + (index < Flows % Switches ? 1 : 0);

    /// <summary>Returns a description of the first invalid value, or null.</summary>
    public string? Validate() =>
        Switches < 1 ? "--switches must be at least 1"
        : Flows < 0 ? "--flows must not be negative"
        : Batch < 1 ? "--batch must be at least 1"
        : Window < 1 ? "--window must be at least 1"
        : Tables is < 1 or > 254 ? "--tables must be 1..254"
        : Warmup < 0 ? "--warmup must not be negative"
        : null;
}
