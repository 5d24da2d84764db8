using System.Diagnostics;
using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// A flow entry's match compiled to the flat layout of <see cref="FlowKeyLayout"/>: the fields the
/// packet must carry (presence bits), and per word the mask and the masked value. Two matches with
/// the same presence and masks belong to the same classifier subtable.
/// </summary>
public sealed class FlowMatch : IEquatable<FlowMatch>
{
    // Masks repeat (every entry of a subtable has the same), so each thread remembers the last few
    // it built and a new match with one of those shapes shares the array instead of allocating
    // its own: installing 100k flows of a few shapes then allocates a handful of mask arrays. The
    // arrays are never written after construction, so sharing them across threads is safe.
    private const int RecentMaskCount = 8;

    [ThreadStatic]
    private static ulong[]?[]? t_recentMasks;

    [ThreadStatic]
    private static int t_nextRecentMask;

    private ulong[] _mask;
    private readonly ulong[] _value = new ulong[FlowKeyLayout.WordCount];

    /// <summary>Compiles <paramref name="fields"/> (duplicates must already have been rejected).</summary>
    public FlowMatch(ReadOnlySpan<OxmEntry> fields)
    {
        // Insertion sort: matches have a handful of fields, and this runs once per FLOW_MOD.
        var sorted = fields.ToArray();
        for (int i = 1; i < sorted.Length; i++)
        {
            var x = sorted[i];
            int j = i - 1;
            for (; j >= 0 && sorted[j].Field > x.Field; j--)
            {
                sorted[j + 1] = sorted[j];
            }

            sorted[j + 1] = x;
        }

        Fields = sorted;
        ulong required = 0;
        Span<ulong> maskWords = stackalloc ulong[FlowKeyLayout.WordCount];
        foreach (ref readonly var f in sorted.AsSpan())
        {
            required |= 1UL << (int)f.Field;
            UInt128 mask = f.EffectiveMask;
            FlowKeyLayout.Or(maskWords, f.Field, mask);
            FlowKeyLayout.Or(_value, f.Field, f.Value & mask);
        }

        Required = required;
        _mask = InternMask(maskWords);
    }

    private static ulong[] InternMask(ReadOnlySpan<ulong> mask)
    {
        var recent = t_recentMasks ??= new ulong[]?[RecentMaskCount];
        foreach (var candidate in recent)
        {
            if (candidate is not null && mask.SequenceEqual(candidate))
            {
                return candidate;
            }
        }

        var created = mask.ToArray();
        recent[t_nextRecentMask] = created;
        t_nextRecentMask = (t_nextRecentMask + 1) % RecentMaskCount;
        return created;
    }

    /// <summary>The empty match (matches every packet).</summary>
    public static FlowMatch Any { get; } = new([]);

    /// <summary>The OXM fields, ordered by field id (the form reported in stats and FLOW_REMOVED).</summary>
    public IReadOnlyList<OxmEntry> Fields { get; }

    /// <summary>Presence bits of the fields this match tests.</summary>
    public ulong Required { get; }

    /// <summary>Mask words.</summary>
    public ReadOnlySpan<ulong> Mask => _mask;

    /// <summary>Masked value words.</summary>
    public ReadOnlySpan<ulong> Value => _value;

    /// <summary>True when the packet satisfies this match.</summary>
    public bool Matches(in PacketFields packet)
    {
        if ((packet.Present & Required) != Required)
        {
            return false;
        }

        for (int i = 0; i < FlowKeyLayout.WordCount; i++)
        {
            if ((packet.Words[i] & _mask[i]) != _value[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Non-strict flow-mod semantics (spec 6.4): true when this match is equal to or more specific
    /// than <paramref name="filter"/>, i.e. every packet matching this one also matches the filter.
    /// </summary>
    public bool IsSubsetOf(FlowMatch filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if ((Required & filter.Required) != filter.Required)
        {
            return false;
        }

        for (int i = 0; i < FlowKeyLayout.WordCount; i++)
        {
            ulong fm = filter._mask[i];
            if ((_mask[i] & fm) != fm || ((_value[i] ^ filter._value[i]) & fm) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// CHECK_OVERLAP semantics (spec 6.4): true when some packet could match both. Fields that
    /// share storage but exclude each other (tcp vs udp ports) are told apart by ip_proto, which
    /// the prerequisites force into both matches.
    /// </summary>
    public bool Overlaps(FlowMatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < FlowKeyLayout.WordCount; i++)
        {
            if (((_value[i] ^ other._value[i]) & _mask[i] & other._mask[i]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when both have the same presence bits and masks (same subtable).</summary>
    public bool SameShape(FlowMatch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Required == other.Required && _mask.AsSpan().SequenceEqual(other._mask);
    }

    /// <inheritdoc/>
    public bool Equals(FlowMatch? other) =>
        other is not null && SameShape(other) && _value.AsSpan().SequenceEqual(other._value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FlowMatch);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Required);
        for (int i = 0; i < FlowKeyLayout.WordCount; i++)
        {
            h.Add(_mask[i]);
            h.Add(_value[i]);
        }

        return h.ToHashCode();
    }

    /// <summary>
    /// Points this match's mask at <paramref name="shape"/>'s identical one: every entry of a subtable
    /// has the same masks, so a table of 100k entries keeps one mask array instead of 100k.
    /// </summary>
    internal void ShareMaskWith(FlowMatch shape)
    {
        Debug.Assert(SameShape(shape), "only a match of the same shape can share its mask");
        _mask = shape._mask;
    }

    /// <summary>The mask shape as a hashable key for subtable lookup.</summary>
    internal ShapeKey Shape => new(this);

    /// <inheritdoc/>
    public override string ToString() => Fields.Count == 0 ? "any" : string.Join(",", Fields);

    /// <summary>Equality on presence + masks only.</summary>
    internal readonly struct ShapeKey(FlowMatch match) : IEquatable<ShapeKey>
    {
        public FlowMatch Match { get; } = match;

        public bool Equals(ShapeKey other) => Match.SameShape(other.Match);

        public override bool Equals(object? obj) => obj is ShapeKey k && Equals(k);

        public override int GetHashCode()
        {
            var h = new HashCode();
            h.Add(Match.Required);
            foreach (ulong m in Match._mask)
            {
                h.Add(m);
            }

            return h.ToHashCode();
        }
    }
}
