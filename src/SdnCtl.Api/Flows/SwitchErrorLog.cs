using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// The OFPT_ERRORs switches send for messages nobody awaits a reply to (FLOW_MODs and the like).
/// An error whose xid a REST call is watching goes to that call; every other one is kept, the last
/// <see cref="Capacity"/> per switch, for <c>GET /api/v1/switches/{dpid}/errors</c>.
/// </summary>
/// <remarks>
/// <see cref="Record"/> runs on the switch session's I/O thread, before the session reads anything
/// the switch sent after the error; so a caller whose barrier reply has arrived finds the errors of
/// every message it sent before the barrier already in its <see cref="ErrorWatch"/>.
/// </remarks>
public sealed class SwitchErrorLog
{
    /// <summary>Errors kept per switch.</summary>
    public const int Capacity = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, Queue<SwitchErrorRecord>> _unsolicited = [];
    private readonly TimeProvider _time;
    private volatile ErrorWatch[] _watches = [];

    public SwitchErrorLog(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>
    /// Catches the errors for <paramref name="xids"/> (ascending; a batch's xids are, as a session hands
    /// them out in order, and an array of them is a quarter of a hash set's size) on switch
    /// <paramref name="datapathId"/> until disposed.
    /// </summary>
    public ErrorWatch Watch(ulong datapathId, uint[] xids)
    {
        ArgumentNullException.ThrowIfNull(xids);
        if (!IsAscending(xids))
        {
            throw new ArgumentException("xids must be in ascending order", nameof(xids));
        }

        var watch = new ErrorWatch(this, datapathId, xids);
        lock (_gate)
        {
            _watches = [.. _watches, watch];
        }

        return watch;
    }

    /// <summary>Records an error from <paramref name="datapathId"/>.</summary>
    public void Record(ulong datapathId, ErrorMessage error, OfpMessage? request)
    {
        ArgumentNullException.ThrowIfNull(error);
        var record = new SwitchErrorRecord(
            datapathId, _time.GetUtcNow(), error.Xid, error.ErrorType, error.Code, request?.Type, request?.ToString());
        foreach (ErrorWatch watch in _watches)
        {
            if (watch.DatapathId == datapathId && watch.TryClaim(record))
            {
                return;
            }
        }

        lock (_gate)
        {
            if (!_unsolicited.TryGetValue(datapathId, out var queue))
            {
                queue = new Queue<SwitchErrorRecord>();
                _unsolicited[datapathId] = queue;
            }

            if (queue.Count == Capacity)
            {
                queue.Dequeue();
            }

            queue.Enqueue(record);
        }
    }

    /// <summary>The errors no call was waiting for, oldest first.</summary>
    public IReadOnlyList<SwitchErrorRecord> Unsolicited(ulong datapathId)
    {
        lock (_gate)
        {
            return _unsolicited.TryGetValue(datapathId, out var queue) ? [.. queue] : [];
        }
    }

    private static bool IsAscending(uint[] xids)
    {
        for (int i = 1; i < xids.Length; i++)
        {
            if (xids[i] <= xids[i - 1])
            {
                return false;
            }
        }

        return true;
    }

    internal void Unwatch(ErrorWatch watch)
    {
        lock (_gate)
        {
            _watches = Array.FindAll(_watches, w => !ReferenceEquals(w, watch));
        }
    }
}
