using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One tuple of the tuple-space classifier: every entry here tests the same fields with the same
/// masks, so a packet is looked up by masking its key once and probing one hash table. Entries
/// with an identical masked key (differing only by priority) hang off one slot, highest first,
/// chained by entry id through their <see cref="EntryRecord"/>s in the owning <see cref="FlowTable"/>.
/// The table is open hashing over index arrays with a free list, so lookups touch no objects at all,
/// and removal needs no tombstones.
/// </summary>
internal sealed class Subtable
{
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15UL;

    private readonly int[] _words;
    private readonly ulong[] _masks;
    private readonly int _width;
    private readonly Dictionary<ushort, int> _priorityCounts = [];

    // Slot layout in _slots, stride = 2 + width: [hash, next slot (as long, -1 = end), key words...].
    // Hash, chain link and key share a cache line, so a probe costs one miss for the bucket and
    // one for the slot.
    private readonly int _stride;
    private int[] _buckets;
    private int _bucketShift;
    private ulong[] _slots;
    // Per slot: 1 + the id of the highest-priority entry with that key (0 = none), so a zeroed array is empty.
    private int[] _heads;
    private int _slotCount;
    private int _freeList = -1;
    private int _used;

    // The outcome of the last FindExact (an ADD asks for the identical entry, then inserts the same
    // key): Add reuses it instead of walking the bucket chain a second time, the probe that costs the
    // cache misses at 100k+ entries. Any change to the slots or buckets forgets it.
    private readonly ulong[] _probeKey;
    private ulong _probeHash;
    private int _probeSlot;
    private bool _probeValid;

    private readonly FlowTable _table;

    public Subtable(FlowTable table, MatchShape shape, int id)
    {
        _table = table;
        Id = id;
        Shape = shape;
        Required = shape.Required;
        _words = shape.Words;
        _masks = shape.PackedMasks;
        _width = _words.Length;
        _stride = 2 + _width;
        _buckets = new int[16];
        _bucketShift = 64 - 4;
        _slots = new ulong[8 * _stride];
        _heads = new int[8];
        _probeKey = new ulong[_width];
    }

    /// <summary>Index of this subtable in its table (see <see cref="EntryRecord.SubtableId"/>).</summary>
    public int Id { get; }

    /// <summary>The presence bits and masks that define the subtable.</summary>
    public MatchShape Shape { get; }

    /// <summary>Presence bits a packet needs to possibly match.</summary>
    public ulong Required { get; }

    /// <summary>Highest priority of any entry; -1 when empty.</summary>
    public int MaxPriority { get; private set; } = -1;

    /// <summary>Number of entries (not distinct keys).</summary>
    public int Count { get; private set; }

    /// <summary>The id of the highest-priority entry whose masked key equals the packet's, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ref readonly FlowKeyWords packet)
    {
        int width = _width;
        ref int words = ref _words.Length > 0 ? ref _words[0] : ref Unsafe.NullRef<int>();
        ref ulong masks = ref _masks.Length > 0 ? ref _masks[0] : ref Unsafe.NullRef<ulong>();
        ulong h = 0;
        for (int k = 0; k < width; k++)
        {
            h = Step(h, packet[Unsafe.Add(ref words, k)] & Unsafe.Add(ref masks, k));
        }

        h = Finish(h);
        int slot = _buckets[(int)(h >> _bucketShift)] - 1;
        var slots = _slots;
        int stride = _stride;
        while (slot >= 0)
        {
            int b = slot * stride;
            if (slots[b] == h)
            {
                int k = 0;
                for (; k < width; k++)
                {
                    if (slots[b + 2 + k] != (packet[Unsafe.Add(ref words, k)] & Unsafe.Add(ref masks, k)))
                    {
                        break;
                    }
                }

                if (k == width)
                {
                    return _heads[slot] - 1;
                }
            }

            slot = (int)slots[b + 1];
        }

        return -1;
    }

    /// <summary>The packed key words of <paramref name="slot"/> (the masked match values).</summary>
    public ReadOnlySpan<ulong> KeyAt(int slot) => _slots.AsSpan((slot * _stride) + 2, _width);

    /// <summary>The id of the entry with exactly this match and priority, or -1 (strict flow-mod semantics).</summary>
    public int FindExact(in FlowMatch match, ushort priority)
    {
        var key = match.Packed;
        ulong h = Hash(key);
        int slot = FindSlot(key, h);
        _probeHash = h;
        _probeSlot = slot;
        key.CopyTo(_probeKey);
        _probeValid = true;
        for (int e = slot >= 0 ? _heads[slot] - 1 : -1; e >= 0;)
        {
            ref var r = ref _table.Record(e);
            if (r.Priority == priority)
            {
                return e;
            }

            e = r.Next;
        }

        return -1;
    }

    /// <summary>The id of an entry of priority <paramref name="priority"/> whose match overlaps <paramref name="match"/> (CHECK_OVERLAP), or -1.</summary>
    public int FindOverlap(in FlowMatch match, ushort priority)
    {
        if (!_priorityCounts.ContainsKey(priority))
        {
            return -1;
        }

        for (int slot = 0; slot < _slotCount; slot++)
        {
            for (int e = _heads[slot] - 1; e >= 0;)
            {
                ref var r = ref _table.Record(e);
                if (r.Priority == priority && _table.MatchOf(e).Overlaps(match))
                {
                    return e;
                }

                e = r.Next;
            }
        }

        return -1;
    }

    /// <summary>
    /// Puts entry <paramref name="id"/> (its record already filled but for <see cref="EntryRecord.Slot"/>
    /// and <see cref="EntryRecord.Next"/>) under <paramref name="key"/>. An identical match+priority
    /// must have been removed first.
    /// </summary>
    public void Add(int id, ReadOnlySpan<ulong> key)
    {
        ulong h = Hash(key);
        int slot = _probeValid && _probeHash == h && key.SequenceEqual(_probeKey)
            ? _probeSlot
            : FindSlot(key, h);
        if (slot < 0)
        {
            slot = NewSlot(key, h);
        }

        ref var entry = ref _table.Record(id);
        entry.Slot = slot;
        ushort priority = entry.Priority;

        // Keep the chain sorted by priority, highest first, so Find returns its head.
        int prev = -1;
        int cur = _heads[slot] - 1;
        while (cur >= 0)
        {
            ref var c = ref _table.Record(cur);
            if (c.Priority < priority)
            {
                break;
            }

            prev = cur;
            cur = c.Next;
        }

        entry.Next = cur;
        if (prev < 0)
        {
            _heads[slot] = id + 1;
        }
        else
        {
            _table.Record(prev).Next = id;
        }

        Count++;
        CollectionsMarshal.GetValueRefOrAddDefault(_priorityCounts, priority, out _)++;
        if (priority > MaxPriority)
        {
            MaxPriority = priority;
        }
    }

    /// <summary>Takes entry <paramref name="id"/> out; returns true when <see cref="MaxPriority"/> changed.</summary>
    public bool Remove(int id)
    {
        ref var entry = ref _table.Record(id);
        int slot = entry.Slot;
        Debug.Assert(slot >= 0, "entry is not in this subtable");
        int prev = -1;
        int cur = _heads[slot] - 1;
        while (cur >= 0 && cur != id)
        {
            prev = cur;
            cur = _table.Record(cur).Next;
        }

        Debug.Assert(cur == id, "entry not found in its slot");
        if (prev < 0)
        {
            _heads[slot] = entry.Next + 1;
        }
        else
        {
            _table.Record(prev).Next = entry.Next;
        }

        entry.Next = -1;
        entry.Slot = -1;
        if (_heads[slot] == 0)
        {
            FreeSlot(slot);
        }

        Count--;
        ushort priority = entry.Priority;
        int n = _priorityCounts[priority] - 1;
        if (n > 0)
        {
            _priorityCounts[priority] = n;
            return false;
        }

        _priorityCounts.Remove(priority);
        if (priority != MaxPriority)
        {
            return false;
        }

        MaxPriority = _priorityCounts.Count == 0 ? -1 : _priorityCounts.Keys.Max();
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, ulong v) => (BitOperations.RotateLeft(h, 27) ^ v) * HashMultiplier;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finish(ulong h)
    {
        // Fold the well-mixed high bits down: the bucket index is taken from the top bits.
        h ^= h >> 32;
        h *= HashMultiplier;
        return h | 1; // never zero, so a zeroed hash slot can never compare equal by accident
    }

    private ulong Hash(ReadOnlySpan<ulong> value)
    {
        ulong h = 0;
        for (int k = 0; k < _width; k++)
        {
            h = Step(h, value[k]);
        }

        return Finish(h);
    }

    private int FindSlot(ReadOnlySpan<ulong> value, ulong h)
    {
        int slot = _buckets[(int)(h >> _bucketShift)] - 1;
        while (slot >= 0)
        {
            if (_slots[slot * _stride] == h && KeyEquals(slot, value))
            {
                return slot;
            }

            slot = Next(slot);
        }

        return -1;
    }

    private int Next(int slot) => (int)_slots[(slot * _stride) + 1];

    private void SetNext(int slot, int next) => _slots[(slot * _stride) + 1] = (ulong)(long)next;

    private bool KeyEquals(int slot, ReadOnlySpan<ulong> value)
    {
        int b = (slot * _stride) + 2;
        for (int k = 0; k < _width; k++)
        {
            if (_slots[b + k] != value[k])
            {
                return false;
            }
        }

        return true;
    }

    private int NewSlot(ReadOnlySpan<ulong> value, ulong h)
    {
        _probeValid = false;
        int slot;
        if (_freeList >= 0)
        {
            slot = _freeList;
            _freeList = Next(slot);
        }
        else
        {
            if (_slotCount == _heads.Length)
            {
                GrowSlots();
            }

            slot = _slotCount++;
        }

        int b = slot * _stride;
        for (int k = 0; k < _width; k++)
        {
            _slots[b + 2 + k] = value[k];
        }

        _slots[b] = h;
        int bucket = (int)(h >> _bucketShift);
        SetNext(slot, _buckets[bucket] - 1);
        _buckets[bucket] = slot + 1;
        _used++;
        if (_used > _buckets.Length * 3 / 4)
        {
            Rehash(_buckets.Length * 2);
        }

        return slot;
    }

    private void FreeSlot(int slot)
    {
        _probeValid = false;
        ulong h = _slots[slot * _stride];
        int bucket = (int)(h >> _bucketShift);
        int prev = -1;
        int cur = _buckets[bucket] - 1;
        while (cur != slot)
        {
            prev = cur;
            cur = Next(cur);
        }

        if (prev < 0)
        {
            _buckets[bucket] = Next(slot) + 1;
        }
        else
        {
            SetNext(prev, Next(slot));
        }

        _slots[slot * _stride] = 0; // hash 0 marks a free slot (Finish never yields 0)
        SetNext(slot, _freeList);
        _freeList = slot;
        _used--;
    }

    private void GrowSlots()
    {
        int n = _heads.Length * 2;
        Array.Resize(ref _slots, n * _stride);
        Array.Resize(ref _heads, n);
    }

    private void Rehash(int bucketCount)
    {
        _buckets = new int[bucketCount];
        _bucketShift = 64 - BitOperations.Log2((uint)bucketCount);
        for (int slot = 0; slot < _slotCount; slot++)
        {
            ulong h = _slots[slot * _stride];
            if (h == 0)
            {
                continue; // free
            }

            int bucket = (int)(h >> _bucketShift);
            SetNext(slot, _buckets[bucket] - 1);
            _buckets[bucket] = slot + 1;
        }
    }
}
