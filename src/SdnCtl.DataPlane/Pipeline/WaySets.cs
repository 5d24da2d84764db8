using System.Runtime.CompilerServices;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// The lookup of the per-thread four-way set-associative caches that share immutable objects between
/// flow entries (<see cref="ActionLists"/>, <see cref="EntryInstructions"/>): a hash picks a set of four
/// slots; a set fills in order, and once full a hash bit picks the slot a new object replaces.
/// </summary>
internal static class WaySets
{
    /// <summary>32k slots a cache.</summary>
    public const int SlotCount = 1 << SlotBits;

    private const int SlotBits = 15;
    private const int Ways = 4;

    /// <summary>What a cached object is compared with.</summary>
    public interface IKey<in T>
    {
        bool Matches(T cached);
    }

    /// <summary>
    /// The object in <paramref name="hash"/>'s set that <paramref name="key"/> matches, or null;
    /// <paramref name="victim"/> is then the slot a new object for the key goes into.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? Find<T, TKey>(T?[] slots, ulong hash, ref TKey key, out int victim)
        where T : class
        where TKey : IKey<T>, allows ref struct
    {
        int set = (int)(hash >> (64 - SlotBits)) & ~(Ways - 1);
        victim = set + (int)(hash & (Ways - 1));
        for (int w = set; w < set + Ways; w++)
        {
            var cached = slots[w];
            if (cached is null)
            {
                victim = w;
                return null;
            }

            if (key.Matches(cached))
            {
                return cached;
            }
        }

        return null;
    }
}
