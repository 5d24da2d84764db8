using System.Buffers;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// The validated flows of one request, encoded once: each flow's OFPFC_ADD FLOW_MOD (xid 0) and its
/// store key (<see cref="StaticFlows"/>) sit back to back in two pooled buffers, and the switch of
/// each flow is a slot in a short list of datapaths. The same bytes go to the switch's batch buffer,
/// into the store and, on the rare failure, into a rollback, so a flow needs no FLOW_MOD object, no
/// planned-flow record and no second encoding once it is read. Flow i is the request's flow i.
/// </summary>
/// <remarks>Not thread-safe. Dispose it to return the buffers; nothing read from it may outlive that.</remarks>
internal sealed class FlowBatch : IDisposable
{
    private const int InitialFlows = 16;

    private readonly List<ulong> _switches = [];
    private readonly Dictionary<ulong, int> _slots = [];
    private byte[] _mods;
    private byte[] _keys;
    private Entry[] _entries;
    private int _modsLength;
    private int _keysLength;
    private ulong _lastDatapathId;
    private int _lastSlot = -1;

    public FlowBatch(int expectedFlows = InitialFlows)
    {
        int flows = Math.Max(expectedFlows, 1);
        _entries = ArrayPool<Entry>.Shared.Rent(flows);
        _mods = ArrayPool<byte>.Shared.Rent(flows * 128);
        _keys = ArrayPool<byte>.Shared.Rent(flows * 48);
    }

    /// <summary>Flows in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>Distinct switches, in the order of their first flow.</summary>
    public int SwitchCount => _switches.Count;

    /// <summary>The datapath of switch slot <paramref name="slot"/>.</summary>
    public ulong SwitchAt(int slot) => _switches[slot];

    /// <summary>The switch slot of flow <paramref name="index"/>.</summary>
    public int SlotOf(int index) => _entries[index].Slot;

    /// <summary>The datapath of flow <paramref name="index"/>.</summary>
    public ulong DatapathId(int index) => _switches[_entries[index].Slot];

    /// <summary>Flow <paramref name="index"/>'s FLOW_MOD as encoded, with xid 0.</summary>
    public ReadOnlySpan<byte> FlowMod(int index) => _mods.AsSpan(_entries[index].ModOffset, _entries[index].ModLength);

    /// <summary>Flow <paramref name="index"/>'s store key (table, priority, match in field order).</summary>
    public ReadOnlySpan<byte> Key(int index) => _keys.AsSpan(_entries[index].KeyOffset, _entries[index].KeyLength);

    /// <summary>Where flow <paramref name="index"/>'s FLOW_MOD lies, for a message that copies it on send.</summary>
    internal (byte[] Buffer, int Offset, int Length) FlowModSlice(int index) => (_mods, _entries[index].ModOffset, _entries[index].ModLength);

    /// <summary>Flow <paramref name="index"/> decoded back into a FLOW_MOD (for error texts and rollbacks, which are rare).</summary>
    public FlowMod Decode(int index) => (FlowMod)OfpCodec.Decode(FlowMod(index));

    /// <summary>Appends <paramref name="mod"/> (an OFPFC_ADD) for <paramref name="datapathId"/>; the instance may be reused afterwards.</summary>
    public void Add(ulong datapathId, FlowMod mod)
    {
        ArgumentNullException.ThrowIfNull(mod);
        int modLength = mod.Length;
        int keyLength = StaticFlows.KeyLength(mod.Match);
        if (Count == _entries.Length)
        {
            Grow(ref _entries, Count, Count * 2);
        }

        if (_modsLength + modLength > _mods.Length)
        {
            Grow(ref _mods, _modsLength, Math.Max(_mods.Length * 2, _modsLength + modLength));
        }

        if (_keysLength + keyLength > _keys.Length)
        {
            Grow(ref _keys, _keysLength, Math.Max(_keys.Length * 2, _keysLength + keyLength));
        }

        uint xid = mod.Xid;
        mod.Xid = 0; // the xid belongs to the session that sends it
        mod.WriteTo(_mods.AsSpan(_modsLength, modLength));
        mod.Xid = xid;
        StaticFlows.WriteKey(_keys.AsSpan(_keysLength, keyLength), mod.TableId, mod.Priority, mod.Match);
        _entries[Count++] = new Entry(_modsLength, modLength, _keysLength, keyLength, Slot(datapathId));
        _modsLength += modLength;
        _keysLength += keyLength;
    }

    /// <summary>
    /// The flows grouped by switch, each group in request order: flows <c>order[start[s] .. start[s + 1]]</c>
    /// are switch slot s's. A counting sort: no grouping objects per request.
    /// </summary>
    public (int[] Order, int[] Start) BySwitch()
    {
        int[] start = new int[SwitchCount + 1];
        for (int i = 0; i < Count; i++)
        {
            start[_entries[i].Slot + 1]++;
        }

        for (int s = 0; s < SwitchCount; s++)
        {
            start[s + 1] += start[s];
        }

        int[] order = new int[Count];
        int[] next = new int[SwitchCount];
        Array.Copy(start, next, SwitchCount);
        for (int i = 0; i < Count; i++)
        {
            order[next[_entries[i].Slot]++] = i;
        }

        return (order, start);
    }

    public void Dispose()
    {
        if (_entries.Length == 0)
        {
            return; // disposed already (a rented array is never empty)
        }

        ArrayPool<byte>.Shared.Return(_mods);
        ArrayPool<byte>.Shared.Return(_keys);
        ArrayPool<Entry>.Shared.Return(_entries);
        _mods = _keys = [];
        _entries = [];
        Count = 0;
    }

    private int Slot(ulong datapathId)
    {
        // Requests usually carry runs of one switch or cycle through a few: one compare for most flows.
        if (_lastSlot >= 0 && _lastDatapathId == datapathId)
        {
            return _lastSlot;
        }

        if (!_slots.TryGetValue(datapathId, out int slot))
        {
            slot = _switches.Count;
            _switches.Add(datapathId);
            _slots[datapathId] = slot;
        }

        _lastDatapathId = datapathId;
        _lastSlot = slot;
        return slot;
    }

    private static void Grow<T>(ref T[] array, int used, int size)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(size);
        array.AsSpan(0, used).CopyTo(larger);
        ArrayPool<T>.Shared.Return(array);
        array = larger;
    }

    private readonly record struct Entry(int ModOffset, int ModLength, int KeyOffset, int KeyLength, int Slot);
}
