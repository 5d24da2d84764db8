using System.Collections;
using System.Runtime.CompilerServices;
using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One OpenFlow flow table (spec 5.2) as a tuple-space classifier: entries are grouped into
/// <see cref="Subtable"/>s by mask shape, each a hash map from masked key to entries. A lookup
/// probes the subtables in order of their highest priority and stops as soon as no remaining
/// subtable can beat the best match found, so the common case touches one or two hash tables
/// regardless of how many entries the table holds.
/// </summary>
/// <remarks>
/// Entries are stored as struct-of-arrays, not one object each: an entry is an id into pages of
/// <see cref="EntryRecord"/>s (counters, timeouts, cookie, priority; no references) and a parallel
/// page of references (the shared instructions and, only once someone asks for it, the
/// <see cref="FlowEntry"/> handle); its match words are the key of its subtable slot. Ids are reused
/// through a free list, and pages are allocated whole, so installing a flow allocates nothing but its
/// share of a page, and the collector has no per-flow object to trace or move; full pages are never
/// zeroed, moved or copied (see <see cref="NewId"/>). Record pages, subtable slot pages and large
/// bucket arrays are native memory in 2 MiB huge pages (<see cref="NativeBlock"/>, <see cref="BucketArena"/>),
/// so a large table costs a page fault per 2 MiB rather than per 4 KiB; a table is used from one thread
/// (its switch's), and its native memory is freed by finaliser once the table is dropped. Written by
/// hand: no library keeps a tuple-space classifier in this shape.
/// </remarks>
public sealed class FlowTable
{
    // 32,768 entries a page: 2 MiB of records (one huge page, see NativeBlock), 512 KB of references.
    // The first page grows by doubling from 16 to 2,048 entries (128 KB) and no further: the id after
    // that is 32,768 (the ids between are never handed out), so a table of a few flows (most tables of
    // a simulated network) holds no 2 MiB page, and every id still finds its page with one shift.
    private const int PageBits = 15;
    private const int PageSize = 1 << PageBits;
    private const int PageMask = PageSize - 1;
    private const int FirstPageSize = 16;
    private const int FirstPageMax = 2048;

    private readonly Dictionary<MatchShape, Subtable> _subtables = [];
    private readonly List<Subtable?> _subtablesById = [];
    private readonly Stack<int> _freeSubtableIds = new();
    private Subtable[] _ordered = [];

    // The subtable SubtableFor found last, and the shape object it was asked for.
    private MatchShape? _lastShape;
    private Subtable? _lastSubtable;

    // Record pages in native memory; references in managed pages of the same sizes, so that an id
    // indexes both the same way.
    private NativePages _records = new(Unsafe.SizeOf<EntryRecord>(), PageBits, FirstPageSize, FirstPageMax);
    private EntryRefs[][] _refs = [];
    private int _idCount;
    private int _freeId = -1;
    private int[] _live = new int[16];
    private int _count;

    // The OXM fields of the rare matches that cannot be rebuilt from masks and values (see FlowMatch).
    private Dictionary<int, OxmEntry[]>? _exactFields;

    internal FlowTable(byte id, string name)
    {
        Id = id;
        Name = name;
        Entries = new EntryList(this);
    }

    /// <summary>Table id.</summary>
    public byte Id { get; }

    /// <summary>Name reported in table features/stats.</summary>
    public string Name { get; }

    /// <summary>OFPTC_* config set by TABLE_MOD (recorded; 1.3 defines no behaviour for it).</summary>
    public uint Config { get; internal set; }

    /// <summary>Number of entries.</summary>
    public int Count => _count;

    /// <summary>Number of classifier subtables (distinct mask shapes).</summary>
    public int SubtableCount => _ordered.Length;

    /// <summary>Entry ids ever handed out (live and free): the storage's high-water mark, for tests of reuse.</summary>
    internal int IdCapacityUsed => _idCount;

    /// <summary>The native blocks the table holds now (record pages, each subtable's slot pages, the bucket arena's blocks), for tests of their lifetime.</summary>
    internal IEnumerable<NativeBlock> NativeBlocks => _records.Blocks.Concat(_subtables.Values.SelectMany(s => s.Blocks)).Concat(Buckets.Blocks);

    /// <summary>Where the subtables' large bucket arrays come from.</summary>
    internal BucketArena Buckets { get; } = new();

    /// <summary>Packets looked up in this table.</summary>
    public ulong LookupCount { get; internal set; }

    /// <summary>Packets that matched an entry in this table.</summary>
    public ulong MatchedCount { get; internal set; }

    /// <summary>
    /// The entries, in no particular order (a view: each element is the entry's handle, made on first
    /// access). Do not modify the table while enumerating.
    /// </summary>
    public IReadOnlyList<FlowEntry> Entries { get; }

    /// <summary>
    /// The highest-priority entry matching <paramref name="packet"/>, or null. Without side effects
    /// (counters are the pipeline's business); allocates only the entry's handle, the first time.
    /// </summary>
    public FlowEntry? Lookup(ref readonly PacketFields packet)
    {
        int id = LookupId(in packet);
        return id < 0 ? null : Handle(id);
    }

    /// <summary>The entry with exactly this match and priority (strict semantics), or null.</summary>
    public FlowEntry? FindExact(in FlowMatch match, ushort priority)
    {
        int id = FindExactId(match, priority);
        return id < 0 ? null : Handle(id);
    }

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

            int id = sub.FindOverlap(match, priority);
            if (id >= 0)
            {
                return Handle(id);
            }
        }

        return null;
    }

    /// <summary>The id of the highest-priority entry matching <paramref name="packet"/>, or -1. Allocation-free.</summary>
    internal int LookupId(ref readonly PacketFields packet)
    {
        int best = -1;
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

            int e = sub.Find(in packet.Words);
            if (e >= 0)
            {
                int p = Record(e).Priority;
                if (p > bestPriority)
                {
                    best = e;
                    bestPriority = p;
                }
            }
        }

        return best;
    }

    /// <summary>The id of the entry with exactly this match and priority, or -1.</summary>
    internal int FindExactId(in FlowMatch match, ushort priority) =>
        SubtableFor(match.Shape) is { } sub ? sub.FindExact(match, priority) : -1;

    /// <summary>
    /// Starts loading the bucket that <see cref="FindExactId"/> and <see cref="Add"/> will probe for
    /// <paramref name="match"/> (see <see cref="Subtable.Prefetch"/>); nothing when no subtable has its shape yet.
    /// </summary>
    internal void Prefetch(in FlowMatch match) => SubtableFor(match.Shape)?.Prefetch(match.Packed);

    /// <summary>The subtable of <paramref name="shape"/>, or null: the last one found when the shape is the same object (an install repeats a few shapes, each one object per thread, see <see cref="MatchShape.Get"/>).</summary>
    private Subtable? SubtableFor(MatchShape shape)
    {
        if (ReferenceEquals(shape, _lastShape))
        {
            return _lastSubtable;
        }

        if (!_subtables.TryGetValue(shape, out var sub))
        {
            return null;
        }

        _lastShape = shape;
        _lastSubtable = sub;
        return sub;
    }

    /// <summary>The record of entry <paramref name="id"/>, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref EntryRecord Record(int id) => ref _records.At<EntryRecord>(id);

    /// <summary>The instructions of entry <paramref name="id"/>.</summary>
    internal EntryInstructions InstructionsOf(int id) => _refs[id >> PageBits][id & PageMask].Instructions;

    /// <summary>Replaces the instructions of entry <paramref name="id"/> (FLOW_MOD modify).</summary>
    internal void SetInstructions(int id, EntryInstructions instructions) => _refs[id >> PageBits][id & PageMask].Instructions = instructions;

    /// <summary>The match of entry <paramref name="id"/>, rebuilt from its subtable's shape and key.</summary>
    internal FlowMatch MatchOf(int id)
    {
        ref var r = ref Record(id);
        var sub = _subtablesById[r.SubtableId]!;
        OxmEntry[]? fields = null;
        _exactFields?.TryGetValue(id, out fields);
        return new FlowMatch(sub.Shape, sub.KeyAt(r.Slot), fields);
    }

    /// <summary>The subtable holding entry <paramref name="id"/>.</summary>
    internal Subtable SubtableOf(int id) => _subtablesById[Record(id).SubtableId]!;

    /// <summary>The handle of entry <paramref name="id"/>: made on first request, then the same object while the entry lives.</summary>
    internal FlowEntry Handle(int id)
    {
        ref var refs = ref _refs[id >> PageBits][id & PageMask];
        return refs.Handle ??= new FlowEntry(this, id);
    }

    /// <summary>The ids of the live entries (dense, no particular order); valid until the table changes.</summary>
    internal ReadOnlySpan<int> LiveIds => _live.AsSpan(0, _count);

    /// <summary>Adds an entry (no identical match+priority may exist) and returns its id.</summary>
    internal int Add(in FlowMatch match, ushort priority, EntryInstructions instructions, long now, ulong cookie, ushort idleTimeout, ushort hardTimeout, FlowModFlags flags)
    {
        var shape = match.Shape;
        bool reorder = false;
        var sub = SubtableFor(shape);
        if (sub is null)
        {
            int subId;
            if (_freeSubtableIds.Count > 0)
            {
                subId = _freeSubtableIds.Pop();
            }
            else
            {
                subId = _subtablesById.Count;
                _subtablesById.Add(null);
            }

            sub = new Subtable(this, shape, subId);
            _subtablesById[subId] = sub;
            _subtables.Add(shape, sub);
            reorder = true;
        }

        int id = NewId();
        ref var r = ref Record(id);
        r = default;
        r.Cookie = cookie;
        r.CreatedTimestamp = now;
        r.LastUsedTimestamp = now;
        r.Priority = priority;
        r.IdleTimeout = idleTimeout;
        r.HardTimeout = hardTimeout;
        r.Flags = flags;
        r.SubtableId = sub.Id;
        r.Slot = -1;
        r.Next = -1;
        ref var refs = ref _refs[id >> PageBits][id & PageMask];
        refs.Instructions = instructions;
        refs.Handle = null;
        if (match.ExactFields is { } exact)
        {
            (_exactFields ??= [])[id] = exact;
        }

        int before = sub.MaxPriority;
        sub.Add(id, match.Packed);
        reorder |= sub.MaxPriority != before;

        if (_count == _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }

        r.LiveIndex = _count;
        _live[_count++] = id;
        if (reorder)
        {
            Reorder();
        }

        return id;
    }

    /// <summary>Removes entry <paramref name="id"/>; its handle, if one was made, keeps a copy of the entry and reports removed.</summary>
    internal void Remove(int id)
    {
        ref var r = ref Record(id);
        var sub = _subtablesById[r.SubtableId]!;
        ref var refs = ref _refs[id >> PageBits][id & PageMask];
        if (refs.Handle is { } handle)
        {
            handle.Detach(r, refs.Instructions, MatchOf(id));
            refs.Handle = null;
        }

        bool reorder = sub.Remove(id);
        if (sub.Count == 0)
        {
            _subtables.Remove(sub.Shape);
            if (ReferenceEquals(_lastSubtable, sub))
            {
                _lastShape = null;
                _lastSubtable = null;
            }

            _subtablesById[sub.Id] = null;
            _freeSubtableIds.Push(sub.Id);
            sub.Release();
            reorder = true;
        }

        _exactFields?.Remove(id);
        refs.Instructions = null!;

        // Swap-remove keeps removal O(1); entry order is not meaningful.
        int i = r.LiveIndex;
        int last = _live[--_count];
        _live[i] = last;
        Record(last).LiveIndex = i;

        r.Slot = -1;
        r.Next = _freeId;
        _freeId = id;
        if (reorder)
        {
            Reorder();
        }
    }

    private int NewId()
    {
        if (_freeId >= 0)
        {
            int id = _freeId;
            _freeId = Record(id).Next;
            return id;
        }

        // Whole pages, never moved or copied: growth writes each record's bytes once, and a record page
        // (native, not zeroed: Add writes every field of an id before anything reads it) is faulted in as
        // one huge page where the kernel allows. The references go on the large-object heap (a page is
        // above its 85 KB threshold), not in gen0 to be copied through gen1 and gen2.
        _idCount = _records.Next(_idCount);
        _records.Ensure(_idCount);
        int page = _idCount >> PageBits;
        if (page == _refs.Length)
        {
            Array.Resize(ref _refs, page + 1);
            _refs[page] = new EntryRefs[page == 0 ? _records.FirstPageCount : PageSize];
        }
        else if (page == 0 && _refs[0].Length < _records.FirstPageCount)
        {
            Array.Resize(ref _refs[0], _records.FirstPageCount);
        }

        return _idCount++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Reorder()
    {
        var all = _subtables.Values.ToArray();
        Array.Sort(all, static (a, b) => b.MaxPriority.CompareTo(a.MaxPriority));
        _ordered = all;
    }

    private struct EntryRefs
    {
        public EntryInstructions Instructions;
        public FlowEntry? Handle;
    }

    private sealed class EntryList(FlowTable table) : IReadOnlyList<FlowEntry>
    {
        public FlowEntry this[int index] =>
            (uint)index < (uint)table._count ? table.Handle(table._live[index]) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => table._count;

        public IEnumerator<FlowEntry> GetEnumerator()
        {
            for (int i = 0; i < table._count; i++)
            {
                yield return table.Handle(table._live[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
