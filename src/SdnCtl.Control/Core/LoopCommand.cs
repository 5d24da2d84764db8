namespace SdnCtl.Control.Core;

/// <summary>
/// A command for the control loop (from REST or the CLI) with the task its caller awaits. The
/// loop runs it, flushes what it sent and publishes the resulting snapshot, and only then
/// completes the task, so a caller that reads <see cref="IControlPlane.Topology"/> after awaiting
/// sees the command's effect.
/// </summary>
internal abstract class LoopCommand
{
    /// <summary>Runs on the loop thread; keeps the outcome for <see cref="Complete"/>.</summary>
    public abstract void Run(ControlContext context);

    /// <summary>Hands the outcome to the caller.</summary>
    public abstract void Complete();

    /// <summary>The loop stopped before the command ran.</summary>
    public abstract void Abandon();
}
