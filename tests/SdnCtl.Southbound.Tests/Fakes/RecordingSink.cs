using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Tests.Fakes;

/// <summary>
/// An <see cref="ISwitchEventSink"/> that records every call in order and lets tests await the
/// first call matching a condition.
/// </summary>
internal sealed class RecordingSink : ISwitchEventSink, IPacketInFastPath
{
    private readonly Lock _gate = new();
    private readonly List<SinkEvent> _events = [];
    private readonly List<(Func<SinkEvent, bool> Predicate, TaskCompletionSource<SinkEvent> Completion)> _waiters = [];
    private readonly List<(int Count, TaskCompletionSource Completion)> _burstWaiters = [];
    private int _burstsEnded;

    /// <summary>A snapshot of every event so far, in order.</summary>
    public List<SinkEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task<SinkEvent> WaitForAsync(Func<SinkEvent, bool> predicate)
    {
        lock (_gate)
        {
            var existing = _events.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var completion = new TaskCompletionSource<SinkEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, completion));
            return completion.Task;
        }
    }

    public async Task<ISwitchConnection> WaitForConnectedAsync(ulong datapathId) =>
        (await WaitForAsync(e => e.Kind == SinkEventKind.Connected && e.DatapathId == datapathId).ConfigureAwait(false)).Connection;

    public Task<SinkEvent> WaitForDisconnectedAsync(ISwitchConnection connection) =>
        WaitForAsync(e => e.Kind == SinkEventKind.Disconnected && ReferenceEquals(e.Connection, connection));

    public void SwitchConnected(ISwitchConnection connection) => Add(new SinkEvent(SinkEventKind.Connected, connection, connection.DatapathId));

    public void SwitchDisconnected(ISwitchConnection connection, string reason) =>
        Add(new SinkEvent(SinkEventKind.Disconnected, connection, connection.DatapathId) { Reason = reason });

    public void PortStatusReceived(ISwitchConnection connection, PortStatus message) =>
        Add(new SinkEvent(SinkEventKind.PortStatus, connection, connection.DatapathId) { Message = message });

    /// <summary>Makes PacketInReceived throw after recording, like a buggy control plane.</summary>
    public bool ThrowOnPacketIn { get; set; }

    public void PacketInReceived(ISwitchConnection connection, PacketIn message)
    {
        Add(new SinkEvent(SinkEventKind.PacketIn, connection, connection.DatapathId) { Message = message });
        if (ThrowOnPacketIn)
        {
            throw new InvalidOperationException("sink failure requested by the test");
        }
    }

    /// <summary>When set, PACKET_INs are offered to it first, as the control plane's fast path (bytes written, 0 declines).</summary>
    public Func<ReadOnlyMemory<byte>, byte[], int>? FastPath { get; set; }

    /// <summary>How many read bursts ended with a fast answer.</summary>
    public int BurstsEnded
    {
        get
        {
            lock (_gate)
            {
                return _burstsEnded;
            }
        }
    }

    /// <summary>
    /// Completes once <paramref name="count"/> read bursts have ended with a fast answer. The session
    /// reports a burst's end after it flushed the burst's answers, so a switch can hold an answer
    /// before the count moves: wait on this, not on the answer, before reading <see cref="BurstsEnded"/>.
    /// </summary>
    public Task WaitForBurstsEndedAsync(int count)
    {
        lock (_gate)
        {
            if (_burstsEnded >= count)
            {
                return Task.CompletedTask;
            }

            var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _burstWaiters.Add((count, completion));
            return completion.Task;
        }
    }

    /// <summary>Runs on the session's event loop as a burst's end is reported, before it is counted (tests that force an order).</summary>
    public Action? BeforeBurstEnded { get; set; }

    public int TryAnswerPacketIn(ISwitchConnection connection, ReadOnlySpan<byte> packetIn, Span<byte> answer)
    {
        if (FastPath is not { } fast)
        {
            return 0;
        }

        var scratch = new byte[answer.Length];
        int written = fast(packetIn.ToArray(), scratch);
        scratch.AsSpan(0, written).CopyTo(answer);
        return written;
    }

    public void PacketInBurstEnded()
    {
        BeforeBurstEnded?.Invoke();
        List<TaskCompletionSource> reached = [];
        lock (_gate)
        {
            _burstsEnded++;
            for (int i = _burstWaiters.Count - 1; i >= 0; i--)
            {
                if (_burstWaiters[i].Count <= _burstsEnded)
                {
                    reached.Add(_burstWaiters[i].Completion);
                    _burstWaiters.RemoveAt(i);
                }
            }
        }

        foreach (var completion in reached)
        {
            completion.TrySetResult();
        }
    }

    public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message) =>
        Add(new SinkEvent(SinkEventKind.FlowRemoved, connection, connection.DatapathId) { Message = message });

    public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request) =>
        Add(new SinkEvent(SinkEventKind.Error, connection, connection.DatapathId) { Message = error, Request = request });

    private void Add(SinkEvent e)
    {
        List<TaskCompletionSource<SinkEvent>> matched = [];
        lock (_gate)
        {
            _events.Add(e);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(e))
                {
                    matched.Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var completion in matched)
        {
            completion.TrySetResult(e);
        }
    }
}

internal enum SinkEventKind
{
    Connected,
    Disconnected,
    PortStatus,
    PacketIn,
    FlowRemoved,
    Error,
}

internal sealed record SinkEvent(SinkEventKind Kind, ISwitchConnection Connection, ulong DatapathId)
{
    public string? Reason { get; init; }

    public OfpMessage? Message { get; init; }

    public OfpMessage? Request { get; init; }
}
