using DotNetty.Common.Concurrency;
using DotNetty.Transport.Channels;
using SdnCtl.Control.Switches;

namespace SdnCtl.Southbound.Sessions;

/// <content>Closing: once, from any thread, reported on the event loop.</content>
internal sealed partial class SwitchSession
{
    /// <summary>
    /// Closes the session once (any thread): marks it closed so that nothing more reaches the sink,
    /// faults pending requests and writability waiters and leaves the registry at once; then, on
    /// the event loop, tells the sink (if it had been told about the connection) and closes the
    /// channel — after writing what is queued when <paramref name="flushFirst"/> is set.
    /// </summary>
    internal void Terminate(string reason, bool flushFirst)
    {
        lock (_gate)
        {
            if (_state == SessionState.Closed)
            {
                return;
            }

            _closeWasConnected = _state == SessionState.Connected;
            _closeFlushFirst = flushFirst;
            _closeReason = reason;
            _state = SessionState.Closed;
        }

        _handshakeTimer?.Cancel();
        _registry.Unregister(this);
        foreach (var xid in _pending.Keys)
        {
            if (TryTakePending(xid, out var pending))
            {
                pending.Fail(new SwitchDisconnectedException(_datapathId, reason));
            }
        }

        Interlocked.Exchange(ref _writable, null)?.TrySetException(new SwitchDisconnectedException(_datapathId, reason));
        RunOnLoop(static session => session.FinishClose());
    }

    /// <summary>Second half of <see cref="Terminate"/>, on the event loop (or inline once the loop is gone).</summary>
    private void FinishClose()
    {
        if (_closeWasConnected)
        {
            _logger.Disconnected(_datapathId, RemoteAddress, _closeReason);
            InvokeSink(static (sink, session, _) => sink.SwitchDisconnected(session, session._closeReason), null);
        }

        _closeReported.TrySetResult();
        if (_closeFlushFirst && _channel.EventLoop.InEventLoop)
        {
            DrainAndClose();
        }
        else
        {
            _ = _channel.CloseAsync();
        }
    }

    /// <summary>Runs <paramref name="action"/> on the event loop: inline when already there, queued otherwise.</summary>
    private void RunOnLoop(Action<SwitchSession> action)
    {
        var loop = _channel.EventLoop;
        if (loop.InEventLoop)
        {
            action(this);
            return;
        }

        try
        {
            loop.Execute(static (a, s) => ((Action<SwitchSession>)a)((SwitchSession)s), action, this);
        }
        catch (RejectedExecutionException)
        {
            // The loop has shut down with the server: nothing else runs there any more, so inline is safe.
            action(this);
        }
    }

    /// <summary>Runs <paramref name="action"/> on the event loop: inline when already there, queued otherwise.</summary>
    private void RunOnLoop(Action action)
    {
        var loop = _channel.EventLoop;
        if (loop.InEventLoop)
        {
            action();
            return;
        }

        try
        {
            loop.Execute(action);
        }
        catch (RejectedExecutionException)
        {
            action();
        }
    }

    private void DrainAndClose()
    {
        var lastWrite = Drain();
        if (lastWrite is null || lastWrite.IsCompleted)
        {
            _ = _channel.CloseAsync();
            return;
        }

        // Close only after the final bytes (an OFPT_ERROR explaining why) reached the socket, but do
        // not let a peer that stopped reading hold the connection open: closing twice is harmless.
        lastWrite.ContinueWith(static (_, state) => ((IChannel)state!).CloseAsync(), _channel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _channel.EventLoop.Schedule(static state => ((IChannel)state).CloseAsync(), _channel, CloseFlushGrace);
    }
}
