using System.Buffers;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    private readonly Lock _idleGate = new();
    private TaskCompletionSource? _idleWaiter;
    private int _inFlight;
    private int _overflowLogged;

    /// <summary>
    /// Completes when no frame is on its way anywhere: every mailbox is empty and every switch and
    /// host has finished what it had queued. For tests that assert on counters after sending; with
    /// a controller connected, periodic traffic (LLDP, echo) may keep the network from ever being idle.
    /// </summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await InFlightDrainedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            long sent = Counters.FramesSent;

            // A switch or host that was busy on another thread (a controller message, a timer, a
            // test) keeps the frame in its own executor's queue, out of our count: a barrier
            // through each one flushes those; they may send more, hence the loop.
            var barriers = new List<Task>(_switchNodes.Count + _hostNodes.Count);
            barriers.AddRange(_switchNodes.Select(n => BarrierAsync(n.Switch)));
            barriers.AddRange(_hostNodes.Select(n => BarrierAsync(n.Host)));
            await Task.WhenAll(barriers).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _inFlight) == 0 && Counters.FramesSent == sent)
            {
                return;
            }
        }
    }

    /// <summary>Completes once everything queued on <paramref name="sw"/>'s executor before now has run.</summary>
    internal static Task BarrierAsync(SimulatedSwitch sw)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sw.Post(done.SetResult);
        return done.Task;
    }

    /// <summary>Completes once everything queued on <paramref name="host"/>'s executor before now has run.</summary>
    internal static Task BarrierAsync(SimulatedHost host)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Post(done.SetResult);
        return done.Task;
    }

    /// <summary>
    /// Puts a copy of <paramref name="frame"/> on the cable <paramref name="via"/>: called from a
    /// switch's transmit callback (on its executor) or by a host. The span is only valid now, so it
    /// is copied into a pooled array that the delivery returns.
    /// </summary>
    internal void Send(PortAttachment via, ReadOnlySpan<byte> frame, int hops)
    {
        if (_disposed)
        {
            return;
        }

        if (via.Link is { IsUp: false })
        {
            via.Counters?.CountDropped();
            return;
        }

        if (hops > Options.MaxHops)
        {
            Counters.HopLimit();
            return;
        }

        int inFlight = Interlocked.Increment(ref _inFlight);
        if (inFlight > Options.MaxFramesInFlight)
        {
            Counters.Overflow();
            if (Interlocked.Exchange(ref _overflowLogged, 1) == 0)
            {
                NetworkLog.Overflow(_logger, Topology.Name, inFlight);
            }

            Release();
            return;
        }

        via.Counters?.Count(frame.Length);
        via.Tap?.Write(frame);
        Counters.Sent();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        via.Peer.Enqueue(new Delivery(buffer, frame.Length, via.PeerPort, hops, via));
    }

    /// <summary>Whether a dequeued frame still gets delivered: not once the network is disposed, nor across a link cut while it was in flight.</summary>
    internal bool Admit(in Delivery delivery)
    {
        if (_disposed)
        {
            return false;
        }

        if (delivery.Via.Link is { IsUp: false })
        {
            delivery.Via.Counters?.CountDropped();
            return false;
        }

        Counters.Delivered();
        return true;
    }

    /// <summary>A delivery finished (or was dropped): its buffer goes back to the pool.</summary>
    internal void Completed(in Delivery delivery)
    {
        ArrayPool<byte>.Shared.Return(delivery.Buffer);
        Release();
    }

    internal void DeliveryFailed(NetworkNode node, Exception exception) => NetworkLog.DeliveryFailed(_logger, node.Name, exception);

    private void Release()
    {
        if (Interlocked.Decrement(ref _inFlight) != 0)
        {
            return;
        }

        TaskCompletionSource? waiter;
        lock (_idleGate)
        {
            if (Volatile.Read(ref _inFlight) != 0)
            {
                return;
            }

            waiter = _idleWaiter;
            _idleWaiter = null;
            Volatile.Write(ref _overflowLogged, 0);
        }

        waiter?.TrySetResult();
    }

    private Task InFlightDrainedAsync()
    {
        lock (_idleGate)
        {
            if (Volatile.Read(ref _inFlight) == 0)
            {
                return Task.CompletedTask;
            }

            _idleWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idleWaiter.Task;
        }
    }
}
