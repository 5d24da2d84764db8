using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// One tuple of the tuple-space classifier: every entry here tests the same fields with the same
/// masks, so a packet is looked up by masking its key once and probing one hash table. Entries
/// with an identical masked key (differing only by priority) hang off one slot, highest first,
/// chained by entry id through their <see cref="EntryRecord"/>s in the owning <see cref="FlowTable"/>.
/// </summary>
/// <remarks>
/// Written by hand for the install path (no library map keys on a variable-width span without a
/// per-entry object). The index is open addressing with linear probing over one <c>ulong</c> per
/// bucket: the hash's high 32 bits as a tag and 1 + the slot number, so a probe for a key that is
/// not there (every new flow of a proactive install) costs the one cache miss of the bucket line and
/// never touches a slot; removal shifts the cluster back instead of leaving tombstones. The slots
/// (hash, chain head, key words) live in pages that are never copied once full, so growth does not
/// allocate and fault in a doubled array.
/// </remarks>
internal sealed class Subtable
{
    private const ulong HashMultiplier = 0x9E3779B97F4A7C15UL;
    private const int FirstPageSlots = 8;
    private const int FirstPageMaxBytes = 128 * 1024;

    private readonly int[] _words;
    private readonly ulong[] _masks;
    private readonly int _width;
    private readonly Dictionary<ushort, int> _priorityCounts = [];
    private readonly FlowTable _table;

    // Slot layout, stride = 2 + width: [hash, 1 + id of the chain's head entry (0 = free; while free:
    // the next free slot, as long), key words...].
    private readonly int _stride;
    // The bucket index: _bucketCount words at _buckets, in _smallBuckets (pinned, so the address holds)
    // while under BucketArena.MinBytes, then from the table's arena.
    private nint _buckets;
    private ulong[]? _smallBuckets;
    private int _bucketCount;
    private int _bucketShift;

    // Slot pages in native memory: as many slots as fit a huge page (a power of two), so that one fault
    // maps a whole page (see NativeBlock); the first page grows by doubling from 8 slots up to 128 KB.
    private NativePages _slots;
    private int _slotCount;
    private int _freeList = -1;
    private int _used;

    // The key last hashed (by Prefetch or FindExact) and its hash, which FindExact and Add reuse rather
    // than hash it again (a hash depends on the key alone, so it never goes stale); and the outcome of
    // the last FindExact (an ADD asks for the identical entry, then inserts the same key): Add reuses it
    // instead of probing a second time. Any change to the slots or buckets forgets the outcome.
    private readonly ulong[] _probeKey;
    private ulong _probeHash;
    private bool _probeHashed;
    private int _probeSlot;
    private int _probeBucket;
    private bool _probeValid;

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
        SetBuckets(16);
        int slotBytes = _stride * sizeof(ulong);
        int pageBits = BitOperations.Log2((uint)(NativeBlock.HugePageSize / slotBytes));
        _slots = new NativePages(
            slotBytes,
            pageBits,
            FirstPageSlots,
            Math.Min(1 << pageBits, Math.Max(FirstPageSlots, 1 << BitOperations.Log2((uint)(FirstPageMaxBytes / slotBytes)))));
        _probeKey = new ulong[_width];
    }

    /// <summary>Index of this subtable in its table (see <see cref="EntryRecord.SubtableId"/>).</summary>
    public int Id { get; }

    /// <summary>The presence bits and masks that define the subtable.</summary>
    public MatchShape Shape { get; }

    /// <summary>Presence bits a packet needs to possibly match.</summary>
    public ulong Required { get; }

    /// <summary>The native blocks holding the slot pages now.</summary>
    public IReadOnlyList<NativeBlock> Blocks => _slots.Blocks;

    /// <summary>Highest priority of any entry; -1 when empty.</summary>
    public int MaxPriority { get; private set; } = -1;

    /// <summary>Number of entries (not distinct keys).</summary>
    public int Count { get; private set; }

    /// <summary>The id of the highest-priority entry whose masked key equals the packet's, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe int Find(ref readonly FlowKeyWords packet)
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
        ulong* buckets = (ulong*)_buckets;
        int mask = _bucketCount - 1;
        uint tag = (uint)(h >> 32);
        for (int i = (int)(h >> _bucketShift); ; i = (i + 1) & mask)
        {
            ulong b = buckets[i];
            if (b == 0)
            {
                return -1;
            }

            if ((uint)(b >> 32) != tag)
            {
                continue;
            }

            ref ulong s = ref Slot((int)(uint)b - 1);
            if (s != h)
            {
                continue;
            }

            int k = 0;
            for (; k < width; k++)
            {
                if (Unsafe.Add(ref s, 2 + k) != (packet[Unsafe.Add(ref words, k)] & Unsafe.Add(ref masks, k)))
                {
                    break;
                }
            }

            if (k == width)
            {
                return (int)Unsafe.Add(ref s, 1) - 1;
            }
        }
    }

    /// <summary>The packed key words of <paramref name="slot"/> (the masked match values).</summary>
    public ReadOnlySpan<ulong> KeyAt(int slot) => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref Slot(slot), 2), _width);

    /// <summary>The id of the entry with exactly this match and priority, or -1 (strict flow-mod semantics).</summary>
    public int FindExact(in FlowMatch match, ushort priority)
    {
        var key = match.Packed;
        ulong h = HashOf(key);
        int slot = FindSlot(key, h, out int bucket);
        _probeSlot = slot;
        _probeBucket = bucket;
        _probeValid = true;
        for (int e = slot >= 0 ? Head(slot) - 1 : -1; e >= 0;)
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
            slot = _slots.Next(slot); // past the numbers the first page never holds
            if (slot >= _slotCount)
            {
                break;
            }

            if (Slot(slot) == 0)
            {
                continue; // free: its head word links the free list
            }

            for (int e = Head(slot) - 1; e >= 0;)
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
        ulong h = HashOf(key);
        int slot;
        int bucket;
        if (_probeValid)
        {
            // HashOf just left _probeKey equal to key, so the outcome is this key's.
            slot = _probeSlot;
            bucket = _probeBucket;
        }
        else
        {
            slot = FindSlot(key, h, out bucket);
        }

        if (slot < 0)
        {
            slot = NewSlot(key, h, bucket);
        }

        ref var entry = ref _table.Record(id);
        entry.Slot = slot;
        ushort priority = entry.Priority;

        // Keep the chain sorted by priority, highest first, so Find returns its head.
        int prev = -1;
        int cur = Head(slot) - 1;
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
            SetHead(slot, id + 1);
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
        int cur = Head(slot) - 1;
        while (cur >= 0 && cur != id)
        {
            prev = cur;
            cur = _table.Record(cur).Next;
        }

        Debug.Assert(cur == id, "entry not found in its slot");
        if (prev < 0)
        {
            SetHead(slot, entry.Next + 1);
        }
        else
        {
            _table.Record(prev).Next = entry.Next;
        }

        entry.Next = -1;
        entry.Slot = -1;
        if (Head(slot) == 0)
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

    /// <summary>
    /// Hashes <paramref name="key"/> and asks the CPU to start loading its home bucket, so that the
    /// cache miss of an insert's probe overlaps whatever the caller does before <see cref="FindExact"/>
    /// (the switch decodes the instructions meanwhile); FindExact and Add then reuse the hash.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Prefetch(ReadOnlySpan<ulong> key)
    {
        ulong h = HashOf(key);
        if (Sse.IsSupported)
        {
            Sse.Prefetch0((ulong*)_buckets + (int)(h >> _bucketShift));
        }
    }

    /// <summary>The hash of <paramref name="key"/>, remembered from the last key hashed when it is the same; leaves <paramref name="key"/> as that last key.</summary>
    private ulong HashOf(ReadOnlySpan<ulong> key)
    {
        if (_probeHashed && key.SequenceEqual(_probeKey))
        {
            return _probeHash;
        }

        ulong h = Hash(key);
        key.CopyTo(_probeKey);
        _probeHash = h;
        _probeHashed = true;
        _probeValid = false; // the last probe's outcome was another key's
        return h;
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

    /// <summary>The first word of <paramref name="slot"/> (its hash; then the chain head and the key words), in native memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ulong Slot(int slot)
    {
        Debug.Assert(slot < _slotCount, "slot not handed out");
        return ref _slots.At<ulong>(slot);
    }

    private int Head(int slot) => (int)Unsafe.Add(ref Slot(slot), 1);

    private void SetHead(int slot, int head) => Unsafe.Add(ref Slot(slot), 1) = (ulong)(long)head;

    /// <summary>The slot holding <paramref name="value"/>, or -1; <paramref name="bucket"/> is its bucket, or the empty bucket where it would go.</summary>
    private unsafe int FindSlot(ReadOnlySpan<ulong> value, ulong h, out int bucket)
    {
        ulong* buckets = (ulong*)_buckets;
        int mask = _bucketCount - 1;
        uint tag = (uint)(h >> 32);
        for (int i = (int)(h >> _bucketShift); ; i = (i + 1) & mask)
        {
            ulong b = buckets[i];
            if (b == 0)
            {
                bucket = i;
                return -1;
            }

            if ((uint)(b >> 32) == tag)
            {
                int slot = (int)(uint)b - 1;
                ref ulong s = ref Slot(slot);
                if (s == h && value.SequenceEqual(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref s, 2), _width)))
                {
                    bucket = i;
                    return slot;
                }
            }
        }
    }

    private unsafe int NewSlot(ReadOnlySpan<ulong> value, ulong h, int bucket)
    {
        _probeValid = false;
        int slot;
        if (_freeList >= 0)
        {
            slot = _freeList;
            _freeList = Head(slot);
        }
        else
        {
            // Whole pages, never moved or copied; not zeroed: the words are written below before anything
            // reads them (FindOverlap scans only slots below _slotCount).
            slot = _slots.Next(_slotCount);
            _slots.Ensure(slot);
            _slotCount = slot + 1;
        }

        ref ulong s = ref Slot(slot);
        s = h;
        Unsafe.Add(ref s, 1) = 0;
        value.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref s, 2), _width));
        ((ulong*)_buckets)[bucket] = ((h >> 32) << 32) | (uint)(slot + 1);
        _used++;
        if (_used > _bucketCount / 4 * 3)
        {
            Rehash(_bucketCount * 2);
        }

        return slot;
    }

    /// <summary>Frees the slot pages now (the subtable has left its table) rather than when the collector finalises them.</summary>
    public void Release()
    {
        _slots.Release();
        _slotCount = 0;
        if (_smallBuckets is null)
        {
            _table.Buckets.Return(_buckets, _bucketCount * sizeof(ulong));
        }

        SetBuckets(16);
    }

    private unsafe void FreeSlot(int slot)
    {
        _probeValid = false;
        ref ulong s = ref Slot(slot);
        ulong h = s;
        ulong* buckets = (ulong*)_buckets;
        int mask = _bucketCount - 1;
        int i = (int)(h >> _bucketShift);
        while ((int)(uint)buckets[i] - 1 != slot)
        {
            i = (i + 1) & mask;
        }

        // Backward-shift deletion (linear probing): move later members of the cluster into the hole
        // whenever their home bucket does not lie cyclically between the hole and them.
        int hole = i;
        for (int j = (hole + 1) & mask; buckets[j] != 0; j = (j + 1) & mask)
        {
            int home = Home(buckets[j]);
            bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!stays)
            {
                buckets[hole] = buckets[j];
                hole = j;
            }
        }

        buckets[hole] = 0;
        s = 0; // hash 0 marks a free slot (Finish never yields 0)
        Unsafe.Add(ref s, 1) = (ulong)(long)_freeList;
        _freeList = slot;
        _used--;
    }

    private int Home(ulong bucket) => (int)((bucket >> 32 << 32) >> _bucketShift);

    private unsafe void Rehash(int bucketCount)
    {
        ulong* old = (ulong*)_buckets;
        int oldCount = _bucketCount;
        var oldSmall = _smallBuckets;
        SetBuckets(bucketCount);
        ulong* buckets = (ulong*)_buckets;
        int mask = bucketCount - 1;
        for (int k = 0; k < oldCount; k++)
        {
            ulong b = old[k];
            if (b == 0)
            {
                continue;
            }

            int i = Home(b);
            while (buckets[i] != 0)
            {
                i = (i + 1) & mask;
            }

            buckets[i] = b;
        }

        if (oldSmall is null)
        {
            _table.Buckets.Return((nint)old, oldCount * sizeof(ulong));
        }

        GC.KeepAlive(oldSmall);
    }

    /// <summary>Points the index at <paramref name="count"/> zeroed buckets: a pinned array of its own while small, else from the table's arena.</summary>
    private unsafe void SetBuckets(int count)
    {
        int bytes = count * sizeof(ulong);
        if (bytes < BucketArena.MinBytes)
        {
            _smallBuckets = GC.AllocateArray<ulong>(count, pinned: true);
            _buckets = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_smallBuckets));
        }
        else
        {
            _smallBuckets = null;
            _buckets = _table.Buckets.Rent(bytes);
        }

        _bucketCount = count;
        _bucketShift = 64 - BitOperations.Log2((uint)count);
    }
}
