using DotNetty.Common.Concurrency;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Sessions;

/// <summary>
/// A request awaiting its reply, keyed by xid in the session's pending table. Whoever removes it
/// from the table (reply, error, timeout, cancellation, close) completes it; the completion methods
/// are idempotent so that a lost race costs nothing.
/// </summary>
internal abstract class PendingRequest
{
    private readonly Lock _gate = new();
    private IScheduledTask? _timeout;
    private CancellationTokenRegistration _cancellation;
    private bool _disarmed;

    protected PendingRequest(SwitchSession session, uint xid)
    {
        Session = session;
        Xid = xid;
    }

    /// <summary>Transaction id of the request.</summary>
    public uint Xid { get; }

    /// <summary>The task handed to the caller.</summary>
    public abstract Task Task { get; }

    protected SwitchSession Session { get; }

    /// <summary>
    /// Takes a reply carrying this xid. Returns true when the request is finished (completed or
    /// faulted) and must leave the pending table; false when more parts are expected.
    /// </summary>
    public abstract bool Deliver(OfpMessage reply);

    /// <summary>Faults the request.</summary>
    public void Fail(Exception exception)
    {
        Disarm();
        SetException(exception);
    }

    /// <summary>
    /// Starts the reply timeout and watches the caller's token. Runs after the request entered the
    /// pending table, so a fast reply may already have disarmed it; then nothing is started.
    /// </summary>
    public void Arm(IEventExecutor executor, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_disarmed)
            {
                return;
            }

            if (timeout != Timeout.InfiniteTimeSpan)
            {
                try
                {
                    _timeout = executor.Schedule(static state => ((PendingRequest)state).OnTimeout(), this, timeout);
                }
                catch (RejectedExecutionException)
                {
                    // The event loop is shutting down with the server, which closes the session and
                    // faults this request; no timer is needed for that.
                }
            }

            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.UnsafeRegister(static (state, token) => ((PendingRequest)state!).OnCancelled(token), this);
            }
        }
    }

    protected abstract void SetException(Exception exception);

    protected abstract void SetCanceled(CancellationToken cancellationToken);

    /// <summary>Stops the timeout and the token watch; called by every completion path.</summary>
    protected void Disarm()
    {
        IScheduledTask? timeout;
        CancellationTokenRegistration cancellation;
        lock (_gate)
        {
            if (_disarmed)
            {
                return;
            }

            _disarmed = true;
            timeout = _timeout;
            cancellation = _cancellation;
            _timeout = null;
            _cancellation = default;
        }

        timeout?.Cancel();

        // Unregister (not Dispose): Dispose would wait for a running callback, and the callback
        // itself ends up here.
        cancellation.Unregister();
    }

    private void OnTimeout()
    {
        if (Session.TryTakePending(this))
        {
            Fail(new TimeoutException($"no reply to xid {Xid} from switch {Session.DatapathId:x16} within the request timeout"));
        }
    }

    private void OnCancelled(CancellationToken token)
    {
        if (Session.TryTakePending(this))
        {
            Disarm();
            SetCanceled(token);
        }
    }
}
