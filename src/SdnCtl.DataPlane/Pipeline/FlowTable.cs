using System.Runtime.CompilerServices;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One OpenFlow flow table (spec 5.2) as a tuple-space classifier: entries are grouped into
/// <see cref="Subtable"/>s by mask shape, each a hash map from masked key to entries. A lookup
/// probes the subtables in order of their highest priority and stops as soon as no remaining
/// subtable can beat the best match found, so the common case touches one or two hash tables
/// regardless of how many entries the table holds.
/// </summary>
public sealed class FlowTable
{
    private readonly Dictionary<MatchShape, Subtable> _subtables = [];
    private readonly List<FlowEntry> _entries = [];
    private Subtable[] _ordered = [];

    internal FlowTable(byte id, string name)
    {
        Id = id;
        Name = name;
    }

    /// <summary>Table id.</summary>
    public byte Id { get; }

    /// <summary>Name reported in table features/stats.</summary>
    public string Name { get; }

    /// <summary>OFPTC_* config set by TABLE_MOD (recorded; 1.3 defines no behaviour for it).</summary>
    public uint Config { get; internal set; }

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Number of classifier subtables (distinct mask shapes).</summary>
    public int SubtableCount => _ordered.Length;

    /// <summary>Packets looked up in this table.</summary>
    public ulong LookupCount { get; internal set; }

    /// <summary>Packets that matched an entry in this table.</summary>
    public ulong MatchedCount { get; internal set; }

    /// <summary>The entries, in no particular order. Do not modify the table while enumerating.</summary>
    public IReadOnlyList<FlowEntry> Entries => _entries;

    /// <summary>
    /// The highest-priority entry matching <paramref name="packet"/>, or null. Allocation-free and
    /// without side effects (counters are the pipeline's business).
    /// </summary>
    public FlowEntry? Lookup(ref readonly PacketFields packet)
    {
        FlowEntry? best = null;
        int bestPriority = -1;
        ulong present = packet.Present;
        var ordered = _ordered;
        for (int i = 0; i < ordered.Length; i++)
        {
            var sub = ordered[i];
            if (sub.MaxPriority <= bestPriority)
            {
                break;
            }

            if ((present & sub.Required) != sub.Required)
            {
                continue;
            }

            var e = sub.Find(in packet.Words);
            if (e is not null && e.Priority > bestPriority)
            {
                best = e;
                bestPriority = e.Priority;
            }
        }

        return best;
    }

    /// <summary>The entry with exactly this match and priority (strict semantics), or null.</summary>
    public FlowEntry? FindExact(in FlowMatch match, ushort priority) =>
        _subtables.TryGetValue(match.Shape, out var sub) ? sub.FindExact(match, priority) : null;

    /// <summary>An entry of the same priority that some packet could match together with <paramref name="match"/>.</summary>
    /// <remarks>
    /// Walks the subtables that hold the priority at all rather than keeping a list per priority: that
    /// list cost every installed flow a slot and a lookup for the sake of CHECK_OVERLAP adds alone.
    /// </remarks>
    public FlowEntry? FindOverlap(in FlowMatch match, ushort priority)
    {
        foreach (var sub in _ordered)
        {
            if (sub.MaxPriority < priority)
            {
                break; // ordered by highest priority: no later subtable holds this one
            }

            if (sub.FindOverlap(match, priority) is { } e)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>Adds an entry (no identical match+priority may exist).</summary>
    internal void Insert(FlowEntry entry)
    {
        var shape = entry.MatchRef.Shape;
        bool reorder = false;
        if (!_subtables.TryGetValue(shape, out var sub))
        {
            sub = new Subtable(shape);
            _subtables.Add(shape, sub);
            reorder = true;
        }
        else
        {
            entry.ShareMatchShape(sub.Shape);
        }

        int before = sub.MaxPriority;
        sub.Add(entry);
        reorder |= sub.MaxPriority != before;
        entry.TableIndex = _entries.Count;
        _entries.Add(entry);
        if (reorder)
        {
            Reorder();
        }
    }

    /// <summary>Removes an entry.</summary>
    internal void Remove(FlowEntry entry)
    {
        var shape = entry.MatchRef.Shape;
        var sub = _subtables[shape];
        bool reorder = sub.Remove(entry);
        if (sub.Count == 0)
        {
            _subtables.Remove(shape);
            reorder = true;
        }

        // Swap-remove keeps removal O(1); entry order is not meaningful.
        int i = entry.TableIndex;
        var last = _entries[^1];
        _entries[i] = last;
        last.TableIndex = i;
        _entries.RemoveAt(_entries.Count - 1);
        entry.TableIndex = -1;
        if (reorder)
        {
            Reorder();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Reorder()
    {
        var all = _subtables.Values.ToArray();
        Array.Sort(all, static (a, b) => b.MaxPriority.CompareTo(a.MaxPriority));
        _ordered = all;
    }
}
