using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// A flow entry's match compiled to the flat layout of <see cref="FlowKeyLayout"/>: the fields the
/// packet must carry (presence bits), and per word the mask and the masked value. Two matches with
/// the same presence and masks belong to the same classifier subtable.
/// </summary>
/// <remarks>
/// Written by hand for the install path (one per FLOW_MOD, 100k+ alive per table): the presence
/// bits and masks live in a <see cref="MatchShape"/> shared by every match of the shape, and only
/// the value words the mask touches are kept, inline for up to four words (every match of
/// <c>sdnctl bench flows</c> and of the controller's compilers). A flow table does not keep it:
/// it stores the packed words as its subtable key and rebuilds the struct when asked (see
/// <see cref="FlowTable"/>).
/// The OXM fields are rebuilt from masks and values when asked for (stats, FLOW_REMOVED), and kept
/// as given only when that would not give them back exactly (a full mask sent explicitly, value
/// bits outside the mask, fields that share storage).
/// </remarks>
public readonly struct FlowMatch : IEquatable<FlowMatch>
{
    private const int InlineWords = 4;

    private readonly MatchShape _shape;
    private readonly InlineValue _inline;
    private readonly ulong[]? _wide;
    private readonly OxmEntry[]? _fields;

    /// <summary>Compiles <paramref name="fields"/> (duplicates must already have been rejected).</summary>
    public FlowMatch(ReadOnlySpan<OxmEntry> fields)
    {
        ulong required = 0;
        Span<ulong> maskWords = stackalloc ulong[FlowKeyLayout.WordCount];
        Span<ulong> valueWords = stackalloc ulong[FlowKeyLayout.WordCount];
        maskWords.Clear();
        valueWords.Clear();
        foreach (ref readonly var f in fields)
        {
            required |= 1UL << (int)f.Field;
            UInt128 mask = f.EffectiveMask;
            FlowKeyLayout.Or(maskWords, f.Field, mask);
            FlowKeyLayout.Or(valueWords, f.Field, f.Value & mask);
        }

        this = new FlowMatch(required, maskWords, valueWords, Rebuildable(fields, required, maskWords, valueWords) ? default : fields);
    }

    /// <summary>
    /// A match from its key words already laid out (<see cref="FlowKeyLayout"/>: masks, and values
    /// within them) and, when masks and values would not give them back exactly, the OXM fields as given
    /// (else empty). The FLOW_MOD fast path builds the words straight from the wire.
    /// </summary>
    internal FlowMatch(ulong required, ReadOnlySpan<ulong> maskWords, ReadOnlySpan<ulong> valueWords, ReadOnlySpan<OxmEntry> keptFields)
    {
        _shape = MatchShape.Get(required, maskWords);
        var words = _shape.Words;
        Span<ulong> packed = words.Length <= InlineWords ? _inline[..words.Length] : (_wide = new ulong[words.Length]);
        for (int k = 0; k < words.Length; k++)
        {
            packed[k] = valueWords[words[k]];
        }

        if (!keptFields.IsEmpty)
        {
            _fields = Sorted(keptFields);
        }
    }

    /// <summary>A match of <paramref name="shape"/> with these packed value words (a flow table's stored key) and, when they cannot be rebuilt, its OXM fields.</summary>
    internal FlowMatch(MatchShape shape, ReadOnlySpan<ulong> packed, OxmEntry[]? fields)
    {
        Debug.Assert(packed.Length == shape.Width, "one value word per mask word");
        _shape = shape;
        Span<ulong> target = packed.Length <= InlineWords ? _inline[..packed.Length] : (_wide = new ulong[packed.Length]);
        packed.CopyTo(target);
        _fields = fields;
    }

    /// <summary>The empty match (matches every packet).</summary>
    public static FlowMatch Any { get; } = new([]);

    /// <summary>The OXM fields, ordered by field id (the form reported in stats and FLOW_REMOVED). Built on each access.</summary>
    public IReadOnlyList<OxmEntry> Fields => _fields ?? Rebuild();

    /// <summary>Presence bits of the fields this match tests.</summary>
    public ulong Required => _shape.Required;

    /// <summary>True for the match without fields (every packet matches).</summary>
    public bool IsEmpty => _shape.Required == 0;

    /// <summary>Mask words.</summary>
    public ReadOnlySpan<ulong> Mask => _shape.Mask;

    /// <summary>Masked value words (a new array on each access: the match keeps only the masked words).</summary>
    public ReadOnlySpan<ulong> Value
    {
        get
        {
            var value = new ulong[FlowKeyLayout.WordCount];
            var words = _shape.Words;
            var packed = Packed;
            for (int k = 0; k < words.Length; k++)
            {
                value[words[k]] = packed[k];
            }

            return value;
        }
    }

    /// <summary>The value words the mask touches, in the order of the shape's words.</summary>
    [UnscopedRef]
    internal ReadOnlySpan<ulong> Packed => _wide ?? ((ReadOnlySpan<ulong>)_inline)[.._shape.Width];

    /// <summary>The OXM fields as given, kept only when masks and values would not give them back exactly; else null.</summary>
    internal OxmEntry[]? ExactFields => _fields;

    /// <summary>The shape (presence bits and masks), shared by every match of a subtable.</summary>
    internal MatchShape Shape => _shape;

    /// <summary>True when the packet satisfies this match.</summary>
    public bool Matches(in PacketFields packet)
    {
        if ((packet.Present & Required) != Required)
        {
            return false;
        }

        var words = _shape.Words;
        var masks = _shape.PackedMasks;
        var packed = Packed;
        for (int k = 0; k < words.Length; k++)
        {
            if ((packet.Words[words[k]] & masks[k]) != packed[k])
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
    public bool IsSubsetOf(in FlowMatch filter)
    {
        if ((Required & filter.Required) != filter.Required)
        {
            return false;
        }

        // Only the filter's mask words matter.
        var mask = Mask;
        var words = filter._shape.Words;
        var masks = filter._shape.PackedMasks;
        var values = filter.Packed;
        for (int k = 0; k < words.Length; k++)
        {
            int w = words[k];
            ulong fm = masks[k];
            if ((mask[w] & fm) != fm || ((ValueAt(w) ^ values[k]) & fm) != 0)
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
    public bool Overlaps(in FlowMatch other)
    {
        var otherMask = other.Mask;
        var words = _shape.Words;
        var masks = _shape.PackedMasks;
        var values = Packed;
        for (int k = 0; k < words.Length; k++)
        {
            int w = words[k];
            if (((values[k] ^ other.ValueAt(w)) & masks[k] & otherMask[w]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when both have the same presence bits and masks (same subtable).</summary>
    public bool SameShape(in FlowMatch other) => _shape.Equals(other._shape);

    /// <inheritdoc/>
    public bool Equals(FlowMatch other) => SameShape(other) && Packed.SequenceEqual(other.Packed);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is FlowMatch other && Equals(other);

    /// <summary>Same fields, masks and values.</summary>
    public static bool operator ==(FlowMatch left, FlowMatch right) => left.Equals(right);

    /// <summary>Not the same fields, masks and values.</summary>
    public static bool operator !=(FlowMatch left, FlowMatch right) => !left.Equals(right);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_shape.GetHashCode());
        foreach (ulong v in Packed)
        {
            h.Add(v);
        }

        return h.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => IsEmpty ? "any" : string.Join(",", Fields);

    private ulong ValueAt(int word)
    {
        int k = Array.IndexOf(_shape.Words, word);
        return k < 0 ? 0 : Packed[k];
    }

    private static bool Rebuildable(ReadOnlySpan<OxmEntry> fields, ulong required, ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> value)
    {
        if (System.Numerics.BitOperations.PopCount(required) != fields.Length)
        {
            return false;
        }

        foreach (ref readonly var f in fields)
        {
            if (!f.Equals(RebuildField(f.Field, mask, value)))
            {
                return false;
            }
        }

        return true;
    }

    private static OxmEntry RebuildField(OxmFieldId field, ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> value)
    {
        UInt128 m = FlowKeyLayout.Get(mask, field);
        UInt128 v = FlowKeyLayout.Get(value, field);
        var full = OxmFields.FullMask(field);
        return m == full ? new OxmEntry(field, v, full, false) : new OxmEntry(field, v, m, true);
    }

    private OxmEntry[] Rebuild()
    {
        ulong required = _shape.Required;
        var result = new OxmEntry[System.Numerics.BitOperations.PopCount(required)];
        var value = Value;
        int i = 0;
        while (required != 0)
        {
            var field = (OxmFieldId)System.Numerics.BitOperations.TrailingZeroCount(required);
            required &= required - 1;
            result[i++] = RebuildField(field, _shape.Mask, value);
        }

        return result;
    }

    private static OxmEntry[] Sorted(ReadOnlySpan<OxmEntry> fields)
    {
        // Insertion sort: matches have a handful of fields.
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

        return sorted;
    }

    [InlineArray(InlineWords)]
    private struct InlineValue
    {
        private ulong _element0;
    }
}
