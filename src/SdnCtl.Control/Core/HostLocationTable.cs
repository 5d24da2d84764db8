using System.Diagnostics;
using System.Numerics;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Core;

/// <summary>
/// Host MAC → attachment, written by the control loop alone and read lock-free from any thread (the
/// reactive fast path on the sessions' I/O threads). An open-addressing table of structs: a new host
/// costs no object (a <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/>
/// costs a node per entry, which lives as long as the host and is copied by every young-generation
/// collection until it is promoted).
/// </summary>
/// <remarks>
/// <para>
/// Written by hand because no library offers a single-writer, lock-free-reader map of structs. Linear
/// probing over a power-of-two array at most half full (live entries and tombstones). A slot's key is
/// the MAC plus one (0 is an empty slot, <see cref="Tombstone"/> a removed one, which probes pass
/// over); a new entry's location is written before its key, so a reader that sees the key sees the
/// location. A host that moves is updated in place under the slot's sequence number (odd while the
/// writer is in the middle), so a reader never pairs one location's switch with another's port. The
/// writer grows or cleans the table by building a new array and publishing it; a reader still on the
/// old one sees the entries as they were, which is as stale as a read an instant earlier.
/// </para>
/// <para>
/// A reader's answer can be stale by the writes happening while it reads; the fast path's contract
/// (see ReactiveFastPath) already allows that, since the loop corrects every answer it applies.
/// </para>
/// </remarks>
internal sealed class HostLocationTable
{
    private const ulong Tombstone = ulong.MaxValue;
    private const int MinCapacity = 16;

    private Slot[] _slots = new Slot[MinCapacity];
    private int _count;
    private int _used;

    /// <summary>Live entries.</summary>
    public int Count => _count;

    /// <summary>Slots in the current array, for tests.</summary>
    internal int Capacity => Volatile.Read(ref _slots).Length;

    public bool ContainsKey(ulong mac) => TryGetValue(mac, out _);

    /// <summary>Where <paramref name="mac"/> is; safe from any thread.</summary>
    public bool TryGetValue(ulong mac, out SwitchPort at)
    {
        Slot[] slots = Volatile.Read(ref _slots);
        ulong key = mac + 1;
        int mask = slots.Length - 1;
        for (int i = Hash(mac) & mask; ; i = (i + 1) & mask)
        {
            ulong k = Volatile.Read(ref slots[i].Key);
            if (k == key)
            {
                at = Read(ref slots[i]);
                return true;
            }

            if (k == 0)
            {
                at = default;
                return false;
            }
        }
    }

    /// <summary>Records where <paramref name="mac"/> is (the loop only).</summary>
    public void Set(ulong mac, SwitchPort at)
    {
        Debug.Assert(mac < Tombstone - 1, "a MAC has 48 bits");
        Slot[] slots = _slots;
        ulong key = mac + 1;
        int mask = slots.Length - 1;
        int free = -1;
        int i = Hash(mac) & mask;
        for (; ; i = (i + 1) & mask)
        {
            ulong k = slots[i].Key;
            if (k == key)
            {
                Update(ref slots[i], at);
                return;
            }

            if (k == Tombstone && free < 0)
            {
                free = i;
            }
            else if (k == 0)
            {
                break;
            }
        }

        if (free >= 0)
        {
            // A reader that found the removed host here a moment ago may still be reading the slot.
            Update(ref slots[free], at);
        }
        else if ((_used + 1) * 2 > slots.Length)
        {
            Rebuild(_count + 1);
            Set(mac, at);
            return;
        }
        else
        {
            free = i;
            _used++;
            slots[free].DatapathId = at.DatapathId;
            slots[free].PortNo = at.PortNo;
        }

        // The location first, then the key that makes it visible.
        Volatile.Write(ref slots[free].Key, key);
        _count++;
    }

    /// <summary>Forgets <paramref name="mac"/> (the loop only); false if it was not there.</summary>
    public bool Remove(ulong mac)
    {
        Slot[] slots = _slots;
        ulong key = mac + 1;
        int mask = slots.Length - 1;
        for (int i = Hash(mac) & mask; ; i = (i + 1) & mask)
        {
            ulong k = slots[i].Key;
            if (k == key)
            {
                Volatile.Write(ref slots[i].Key, Tombstone);
                _count--;
                return true;
            }

            if (k == 0)
            {
                return false;
            }
        }
    }

    /// <summary>A sequence lock's writer: odd while the location is half written.</summary>
    private static void Update(ref Slot slot, SwitchPort at)
    {
        // The interlocked increment is a full fence: the writes below cannot be seen before it.
        Interlocked.Increment(ref slot.Sequence);
        slot.DatapathId = at.DatapathId;
        slot.PortNo = at.PortNo;
        Volatile.Write(ref slot.Sequence, slot.Sequence + 1);
    }

    private static SwitchPort Read(ref Slot slot)
    {
        // A sequence lock's reader: retry while the writer is mid-update or finished one meanwhile.
        // Acquire reads keep the location's reads between the two reads of the sequence.
        SpinWait spin = default;
        while (true)
        {
            int before = Volatile.Read(ref slot.Sequence);
            ulong dpid = Volatile.Read(ref slot.DatapathId);
            uint port = Volatile.Read(ref slot.PortNo);
            if ((before & 1) == 0 && Volatile.Read(ref slot.Sequence) == before)
            {
                return new SwitchPort(dpid, port);
            }

            spin.SpinOnce();
        }
    }

    // The MAC's low bits vary most (a vendor's addresses share the top 24); the multiply spreads
    // sequential MACs over the table rather than into one run.
    private static int Hash(ulong mac) => (int)((mac * 0x9E37_79B9_7F4A_7C15UL) >> 32);

    private void Rebuild(int live)
    {
        // Sized for the live entries (tombstones are dropped): between a quarter and half full afterwards.
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(MinCapacity, (live * 2) + 1));
        var slots = new Slot[capacity];
        int mask = capacity - 1;
        foreach (ref readonly Slot s in _slots.AsSpan())
        {
            if (s.Key is not 0 and not Tombstone)
            {
                int i = Hash(s.Key - 1) & mask;
                while (slots[i].Key != 0)
                {
                    i = (i + 1) & mask;
                }

                slots[i] = s with { Sequence = 0 };
            }
        }

        _used = _count;
        Volatile.Write(ref _slots, slots);
    }

    private struct Slot
    {
        public ulong Key;
        public ulong DatapathId;
        public uint PortNo;
        public int Sequence;
    }
}
