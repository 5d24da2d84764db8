using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Core;

/// <summary>
/// The OpenFlow messages an input produced, grouped by datapath in first-use order. Managers only
/// ever write here (that is what keeps them pure and testable without a network); the loop hands
/// the batch to each switch with one <c>Flush</c> when the input is done.
/// </summary>
internal sealed class Outbox
{
    private readonly Dictionary<ulong, List<OfpMessage>> _byDatapath = [];
    private readonly List<ulong> _order = [];

    public int Count { get; private set; }

    public int FlowModCount { get; private set; }

    public void Send(ulong datapathId, OfpMessage message)
    {
        if (!_byDatapath.TryGetValue(datapathId, out List<OfpMessage>? list))
        {
            list = [];
            _byDatapath.Add(datapathId, list);
        }

        if (list.Count == 0)
        {
            _order.Add(datapathId);
        }

        list.Add(message);
        Count++;
        if (message is FlowMod)
        {
            FlowModCount++;
        }
    }

    /// <summary>Datapaths with messages, in the order they were first written to.</summary>
    public IReadOnlyList<ulong> Datapaths => _order;

    public IReadOnlyList<OfpMessage> MessagesFor(ulong datapathId) =>
        _byDatapath.TryGetValue(datapathId, out List<OfpMessage>? list) ? list : [];

    /// <summary>Drops the messages for <paramref name="datapathId"/> that <paramref name="discard"/> picks; returns how many.</summary>
    public int Discard(ulong datapathId, Func<OfpMessage, bool> discard)
    {
        if (!_byDatapath.TryGetValue(datapathId, out List<OfpMessage>? list))
        {
            return 0;
        }

        int flowMods = list.Count(m => m is FlowMod && discard(m));
        int removed = list.RemoveAll(m => discard(m));
        Count -= removed;
        FlowModCount -= flowMods;
        if (list.Count == 0 && removed > 0)
        {
            // Send re-adds a datapath whose list is empty; it must not be listed twice.
            _order.Remove(datapathId);
        }

        return removed;
    }

    /// <summary>Empties the outbox, keeping the lists for the next input.</summary>
    public void Clear()
    {
        foreach (ulong dpid in _order)
        {
            _byDatapath[dpid].Clear();
        }

        _order.Clear();
        Count = 0;
        FlowModCount = 0;
    }
}
