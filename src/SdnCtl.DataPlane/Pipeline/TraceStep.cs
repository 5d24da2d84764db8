namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One step of a packet trace: a table lookup (with the entry hit, if any) or an action / event.
/// </summary>
/// <param name="TableId">Table of the step (or of the entry whose actions ran); -1 for packet-out actions.</param>
/// <param name="Kind">"lookup", "miss", "action", "group", "meter", "output", "packet-in", "drop".</param>
/// <param name="Description">Human-readable detail, e.g. the action or the entry's match.</param>
/// <param name="Cookie">Cookie of the entry hit (lookups).</param>
/// <param name="Priority">Priority of the entry hit (lookups), or -1.</param>
public sealed record TraceStep(int TableId, string Kind, string Description, ulong Cookie = 0, int Priority = -1)
{
    /// <inheritdoc/>
    public override string ToString() =>
        Priority >= 0 ? $"table {TableId} {Kind}: priority={Priority} cookie=0x{Cookie:x} {Description}" : $"table {TableId} {Kind}: {Description}";
}
