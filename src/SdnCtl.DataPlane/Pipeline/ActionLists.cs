using System.Runtime.CompilerServices;
using SdnCtl.OpenFlow.Actions;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// Shares identical action arrays between flow entries. A proactive rule set repeats a few action
/// lists (output to one of the ports, a VLAN push per segment) over 100k+ entries, and an array of
/// 80-byte actions per entry was the largest object an installed flow kept alive.
/// </summary>
/// <remarks>
/// Written by hand rather than with a dictionary: this runs once per FLOW_MOD, must not grow
/// without bound (action lists are controller-chosen) and must not keep arrays alive after their
/// entries are gone. A four-way set-associative cache per thread does all three: a set of four slots
/// holds the last arrays hashed to it (a set fills in order; after that a hash bit picks the victim),
/// a miss allocates (the entry then simply has its own array), and the arrays are never written after
/// they are made, so entries on any thread may share them. 32k slots (256 KB a thread):
/// <c>sdnctl bench flows</c> uses 8,188 distinct VLAN push lists, and a direct-mapped 4k cache
/// missed on most of them, an 80-byte action per miss kept alive per flow.
/// </remarks>
internal static class ActionLists
{
    [ThreadStatic]
    private static OfpAction[]?[]? t_slots;

    /// <summary>An array equal to <paramref name="actions"/>: a cached one, or a new one (then cached).</summary>
    public static OfpAction[] Share(ReadOnlySpan<OfpAction> actions)
    {
        if (actions.IsEmpty)
        {
            return [];
        }

        var slots = t_slots ??= new OfpAction[]?[WaySets.SlotCount];
        var key = new Key(actions);
        if (WaySets.Find(slots, Hash(actions), ref key, out int victim) is { } cached)
        {
            return cached;
        }

        var created = actions.ToArray();
        slots[victim] = created;
        return created;
    }

    private readonly ref struct Key(ReadOnlySpan<OfpAction> actions) : WaySets.IKey<OfpAction[]>
    {
        private readonly ReadOnlySpan<OfpAction> _actions = actions;

        public bool Matches(OfpAction[] cached) => _actions.SequenceEqual(cached);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(ReadOnlySpan<OfpAction> actions)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)actions.Length;
        foreach (ref readonly var a in actions)
        {
            // The fields that tell the common actions apart; a collision only costs a miss.
            h = (h ^ (ulong)a.Type ^ ((ulong)a.Argument << 16) ^ ((ulong)a.MaxLen << 48)) * multiplier;
            h = (h ^ (ulong)a.Field.Field ^ (ulong)a.Field.Value) * multiplier;
        }

        return h ^ (h >> 29);
    }
}
