namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// Everything a packet went through in one switch — tables, entries hit, actions run, outputs —
/// like <c>ovs-appctl ofproto/trace</c>. Only built when asked for; the normal path passes null.
/// </summary>
public sealed class PacketTrace
{
    private readonly List<TraceStep> _steps = [];

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<TraceStep> Steps => _steps;

    /// <summary>Adds a step.</summary>
    public void Add(TraceStep step) => _steps.Add(step);

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, _steps);
}
