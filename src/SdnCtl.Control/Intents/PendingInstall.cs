namespace SdnCtl.Control.Intents;

/// <summary>
/// A compile whose flow-mods are sent but not yet confirmed: the state it leads to once a barrier
/// after them came back from every switch in <see cref="Switches"/>. Loop-owned.
/// </summary>
internal sealed class PendingInstall(IntentState state, string? reason, HashSet<ulong> switches, long generation)
{
    public IntentState State { get; set; } = state;

    public string? Reason { get; set; } = reason;

    public HashSet<ulong> Switches { get; } = switches;

    /// <summary>Which compile this is: a barrier that confirms an older one confirms nothing.</summary>
    public long Generation { get; } = generation;
}
