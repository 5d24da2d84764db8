using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Sessions;

/// <summary>
/// The last N refusable messages written to the switch, by xid, so that an OFPT_ERROR nobody
/// waits for can be reported with the request it refuses. Stores references, not copies. Not
/// thread-safe: the session writes it while encoding and reads it on an error, both under its
/// outbound lock.
/// </summary>
internal sealed class SentMessageRing
{
    private readonly uint[] _xids;
    private readonly OfpMessage?[] _messages;
    private int _next;

    public SentMessageRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _xids = new uint[capacity];
        _messages = new OfpMessage?[capacity];
    }

    /// <summary>
    /// Messages a switch may refuse with an error that no caller awaits: the "mod" family and
    /// PACKET_OUT. Requests with replies are correlated through the pending table instead.
    /// </summary>
    public static bool IsRefusable(OfpType type) =>
        type is OfpType.FlowMod or OfpType.GroupMod or OfpType.MeterMod or OfpType.PortMod or OfpType.TableMod or OfpType.PacketOut;

    /// <summary>Remembers <paramref name="message"/> if it is refusable, evicting the oldest entry.</summary>
    public void Remember(OfpMessage message)
    {
        if (_messages.Length == 0 || !IsRefusable(message.Type))
        {
            return;
        }

        _xids[_next] = message.Xid;
        _messages[_next] = message;
        _next = _next + 1 == _messages.Length ? 0 : _next + 1;
    }

    /// <summary>The most recent remembered message with <paramref name="xid"/>, or null.</summary>
    public OfpMessage? Find(uint xid)
    {
        // Newest first: errors usually answer something recent.
        for (int n = 0, i = _next; n < _messages.Length; n++)
        {
            i = i == 0 ? _messages.Length - 1 : i - 1;
            var message = _messages[i];
            if (message is null)
            {
                return null;
            }

            if (_xids[i] == xid)
            {
                return message;
            }
        }

        return null;
    }
}
