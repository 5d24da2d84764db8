using System.Collections.Concurrent;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// A switch or host of the network with its inbound mailbox. Frames are never delivered on the
/// sender's stack: the sender queues a copy here and the mailbox is drained by one thread-pool work
/// item at a time, so a forwarding loop becomes a stream of queued work rather than a recursion,
/// deliveries to one node keep their order, and different nodes run in parallel.
/// </summary>
internal abstract class NetworkNode : IThreadPoolWorkItem
{
    // Deliveries run per work item up to this many before yielding the thread to other nodes.
    private const int Batch = 64;

    // The node this thread is delivering to and the frame's hop count, so a switch's transmit
    // callback (called synchronously inside the delivery) knows how far the frame has come.
    [ThreadStatic]
    private static NetworkNode? _deliveringTo;

    [ThreadStatic]
    private static int _deliveringHops;

    private readonly ConcurrentQueue<Delivery> _queue = new();
    private int _scheduled;

    protected NetworkNode(SimulatedNetwork network, string name)
    {
        Network = network;
        Name = name;
    }

    public SimulatedNetwork Network { get; }

    public string Name { get; }

    /// <summary>Queues a frame for this node and makes sure a work item will deliver it.</summary>
    public void Enqueue(in Delivery delivery)
    {
        _queue.Enqueue(delivery);
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Drains the mailbox (thread-pool entry point).</summary>
    public void Execute()
    {
        while (true)
        {
            int done = 0;
            while (done < Batch && _queue.TryDequeue(out var delivery))
            {
                Run(delivery);
                done++;
            }

            if (done == Batch && !_queue.IsEmpty)
            {
                // Still scheduled: requeue at the back of the pool so a storm at one node cannot starve the others.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }

            Volatile.Write(ref _scheduled, 0);
            // Re-check after releasing: a frame enqueued between the last dequeue and the release would otherwise wait.
            if (_queue.IsEmpty || Interlocked.Exchange(ref _scheduled, 1) != 0)
            {
                return;
            }
        }
    }

    /// <summary>True when the current thread is inside a delivery to <paramref name="node"/>; gives that frame's hop count.</summary>
    protected static bool IsDeliveringTo(NetworkNode node, out int hops)
    {
        hops = _deliveringHops;
        return ReferenceEquals(_deliveringTo, node);
    }

    /// <summary>Hands one frame to the switch or host. Called on a pool thread, one delivery at a time per node.</summary>
    protected abstract void Deliver(uint port, ReadOnlySpan<byte> frame, int hops);

    private void Run(in Delivery delivery)
    {
        var previousNode = _deliveringTo;
        int previousHops = _deliveringHops;
        try
        {
            if (Network.Admit(delivery))
            {
                _deliveringTo = this;
                _deliveringHops = delivery.Hops;
                Deliver(delivery.Port, delivery.Frame, delivery.Hops);
            }
        }
#pragma warning disable CA1031 // A failing node must not kill the pool thread or stop its mailbox.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Network.DeliveryFailed(this, e);
        }
        finally
        {
            _deliveringTo = previousNode;
            _deliveringHops = previousHops;
            Network.Completed(delivery);
        }
    }
}
