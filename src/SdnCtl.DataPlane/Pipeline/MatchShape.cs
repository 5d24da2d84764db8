using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// What every match of one classifier subtable has in common: the presence bits, the mask words,
/// and which of the <see cref="FlowKeyLayout.WordCount"/> words the mask touches (in ascending
/// order). A <see cref="FlowMatch"/> keeps only its value in those words, packed; this object is
/// shared by all matches of the shape, so a table of 100k entries holds a handful of shapes.
/// Never written after construction, so it is safe to share across threads.
/// </summary>
internal sealed class MatchShape : IEquatable<MatchShape>
{
    // Shapes repeat (every entry of a subtable has the same), so each thread remembers the last few
    // it built and a new match with one of those shapes reuses it instead of allocating its own.
    private const int RecentCount = 8;

    [ThreadStatic]
    private static MatchShape?[]? t_recent;

    [ThreadStatic]
    private static int t_nextRecent;

    private readonly ulong[] _mask;
    private readonly int _hash;

    private MatchShape(ulong required, ReadOnlySpan<ulong> mask)
    {
        Required = required;
        _mask = mask.ToArray();
        int width = 0;
        foreach (ulong m in mask)
        {
            width += m != 0 ? 1 : 0;
        }

        var words = new int[width];
        var masks = new ulong[width];
        int k = 0;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                words[k] = i;
                masks[k] = mask[i];
                k++;
            }
        }

        Words = words;
        PackedMasks = masks;
        _hash = ComputeHash(required, mask);
    }

    /// <summary>Presence bits of the fields tested.</summary>
    public ulong Required { get; }

    /// <summary>All mask words (<see cref="FlowKeyLayout.WordCount"/> of them).</summary>
    public ReadOnlySpan<ulong> Mask => _mask;

    /// <summary>Indexes of the non-zero mask words, ascending: where a packed value's words go.</summary>
    public int[] Words { get; }

    /// <summary>The non-zero mask words, in the order of <see cref="Words"/>.</summary>
    public ulong[] PackedMasks { get; }

    /// <summary>Number of packed words.</summary>
    public int Width => Words.Length;

    /// <summary>The shape with these presence bits and masks: a recent one of this thread, or a new one.</summary>
    public static MatchShape Get(ulong required, ReadOnlySpan<ulong> mask)
    {
        var recent = t_recent ??= new MatchShape?[RecentCount];
        foreach (var candidate in recent)
        {
            if (candidate is not null && candidate.Required == required && mask.SequenceEqual(candidate._mask))
            {
                return candidate;
            }
        }

        var created = new MatchShape(required, mask);
        recent[t_nextRecent] = created;
        t_nextRecent = (t_nextRecent + 1) % RecentCount;
        return created;
    }

    /// <inheritdoc/>
    public bool Equals(MatchShape? other) =>
        ReferenceEquals(this, other) ||
        (other is not null && Required == other.Required && _hash == other._hash && _mask.AsSpan().SequenceEqual(other._mask));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MatchShape);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    private static int ComputeHash(ulong required, ReadOnlySpan<ulong> mask)
    {
        var h = new HashCode();
        h.Add(required);
        foreach (ulong m in mask)
        {
            h.Add(m);
        }

        return h.ToHashCode();
    }
}
