using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One tuple of the tuple-space classifier: every entry here tests the same fields with the same
/// masks, so a packet is looked up by masking its key once and probing one hash table. Entries
/// with an identical masked key (differing only by priority) hang off one slot, highest first.
/// The table is open hashing over index arrays with a free list, so lookups touch no objects but
/// the winning entry, and removal needs no tombstones.
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
    private FlowEntry?[] _heads;
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

    public Subtable(MatchShape shape)
    {
        Shape = shape;
        Required = shape.Required;
        _words = shape.Words;
        _masks = shape.PackedMasks;
        _width = _words.Length;
        _stride = 2 + _width;
        _buckets = new int[16];
        _bucketShift = 64 - 4;
        _slots = new ulong[8 * _stride];
        _heads = new FlowEntry?[8];
        _probeKey = new ulong[_width];
    }

    /// <summary>The presence bits and masks that define the subtable.</summary>
    public MatchShape Shape { get; }

    /// <summary>Presence bits a packet needs to possibly match.</summary>
    public ulong Required { get; }

    /// <summary>Highest priority of any entry; -1 when empty.</summary>
    public int MaxPriority { get; private set; } = -1;

    /// <summary>Number of entries (not distinct keys).</summary>
    public int Count { get; private set; }

    /// <summary>The highest-priority entry whose masked key equals the packet's, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public FlowEntry? Find(ref readonly FlowKeyWords packet)
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
                    return _heads[slot];
                }
            }

            slot = (int)slots[b + 1];
        }

        return null;
    }

    /// <summary>The entry with exactly this match and priority, or null (strict flow-mod semantics).</summary>
    public FlowEntry? FindExact(in FlowMatch match, ushort priority)
    {
        var key = match.Packed;
        ulong h = Hash(key);
        int slot = FindSlot(key, h);
        _probeHash = h;
        _probeSlot = slot;
        key.CopyTo(_probeKey);
        _probeValid = true;
        for (var e = slot >= 0 ? _heads[slot] : null; e is not null; e = e.NextInBucket)
        {
            if (e.Priority == priority)
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>An entry of priority <paramref name="priority"/> whose match overlaps <paramref name="match"/> (CHECK_OVERLAP), or null.</summary>
    public FlowEntry? FindOverlap(in FlowMatch match, ushort priority)
    {
        if (!_priorityCounts.ContainsKey(priority))
        {
            return null;
        }

        for (int slot = 0; slot < _slotCount; slot++)
        {
            for (var e = _heads[slot]; e is not null; e = e.NextInBucket)
            {
                if (e.Priority == priority && e.MatchRef.Overlaps(match))
                {
                    return e;
                }
            }
        }

        return null;
    }

    /// <summary>Adds an entry whose match has this subtable's shape. An identical match+priority must have been removed first.</summary>
    public void Add(FlowEntry entry)
    {
        var value = entry.MatchRef.Packed;
        ulong h = Hash(value);
        int slot = _probeValid && _probeHash == h && value.SequenceEqual(_probeKey)
            ? _probeSlot
            : FindSlot(value, h);
        if (slot < 0)
        {
            slot = NewSlot(value, h);
        }

        entry.Slot = slot;
        // Keep the chain sorted by priority, highest first, so Find returns its head.
        FlowEntry? prev = null;
        var cur = _heads[slot];
        while (cur is not null && cur.Priority >= entry.Priority)
        {
            prev = cur;
            cur = cur.NextInBucket;
        }

        entry.NextInBucket = cur;
        if (prev is null)
        {
            _heads[slot] = entry;
        }
        else
        {
            prev.NextInBucket = entry;
        }

        Count++;
        CollectionsMarshal.GetValueRefOrAddDefault(_priorityCounts, entry.Priority, out _)++;
        if (entry.Priority > MaxPriority)
        {
            MaxPriority = entry.Priority;
        }
    }

    /// <summary>Removes an entry; returns true when <see cref="MaxPriority"/> changed.</summary>
    public bool Remove(FlowEntry entry)
    {
        int slot = entry.Slot;
        Debug.Assert(slot >= 0, "entry is not in this subtable");
        FlowEntry? prev = null;
        var cur = _heads[slot];
        while (cur is not null && !ReferenceEquals(cur, entry))
        {
            prev = cur;
            cur = cur.NextInBucket;
        }

        Debug.Assert(cur is not null, "entry not found in its slot");
        if (prev is null)
        {
            _heads[slot] = entry.NextInBucket;
        }
        else
        {
            prev.NextInBucket = entry.NextInBucket;
        }

        entry.NextInBucket = null;
        entry.Slot = -1;
        if (_heads[slot] is null)
        {
            FreeSlot(slot);
        }

        Count--;
        int n = _priorityCounts[entry.Priority] - 1;
        if (n > 0)
        {
            _priorityCounts[entry.Priority] = n;
            return false;
        }

        _priorityCounts.Remove(entry.Priority);
        if (entry.Priority != MaxPriority)
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
