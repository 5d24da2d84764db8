namespace SdnCtl.Control.Intents;

/// <summary>
/// A removed intent's or chain's deletes, awaiting the barriers of the switches that held its rules:
/// <see cref="Done"/> completes when the last of them answered. Its generation is negative, so no live
/// compile's barrier wait can be taken for it.
/// </summary>
internal sealed class PendingRemoval(long generation, HashSet<ulong> switches)
{
    public long Generation { get; } = generation;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The barrier wait to queue for the deletes just sent.</summary>
    public BarrierWait Wait(bool chain, long id) => new(chain, id, Generation, [.. switches]);

    /// <summary>
    /// A barrier of <paramref name="generation"/> came back from <paramref name="dpid"/> (or the switch
    /// went away, which leaves none of the rules either). Returns whether that was the last one.
    /// </summary>
    public bool Answered(long generation, ulong dpid)
    {
        if (generation != Generation || !switches.Remove(dpid) || switches.Count > 0)
        {
            return false;
        }

        Done.TrySetResult();
        return true;
    }

    /// <summary>Starts the removal of an entry that held rules on <paramref name="switches"/>; replaces (and completes) an older one of the same id.</summary>
    public static PendingRemoval? Start(Dictionary<long, PendingRemoval> removals, long id, long generation, HashSet<ulong> switches)
    {
        if (removals.Remove(id, out PendingRemoval? older))
        {
            older.Done.TrySetResult();
        }

        if (switches.Count == 0)
        {
            return null;
        }

        var removal = new PendingRemoval(-generation, switches);
        removals.Add(id, removal);
        return removal;
    }
}
