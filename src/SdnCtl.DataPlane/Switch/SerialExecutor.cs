using System.Collections.Concurrent;

namespace SdnCtl.DataPlane.Switch;

/// <summary>
/// Runs work items one at a time, in order, on whichever thread arrives when the executor is idle
/// (a lock-free "trampoline" mailbox). This is what makes a switch single-threaded without owning
/// a thread: the DotNetty event loop, a network simulator thread or a test all call in, and the
/// pipeline never sees two of them at once.
/// </summary>
internal sealed class SerialExecutor
{
    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly Action<Exception> _onError;
    private int _active;
    private int _owner;

    public SerialExecutor(Action<Exception> onError) => _onError = onError;

    /// <summary>True while a work item runs (on some thread).</summary>
    public bool IsBusy => Volatile.Read(ref _active) != 0;

    /// <summary>True when called from inside a work item (re-entrant calls must queue, not run inline).</summary>
    public bool IsCurrentThreadOwner => Volatile.Read(ref _owner) == Environment.CurrentManagedThreadId;

    /// <summary>Queues <paramref name="action"/> and runs the queue if no other thread is running it.</summary>
    public void Post(Action action)
    {
        _queue.Enqueue(action);
        Drain();
    }

    /// <summary>
    /// Tries to take the executor for an inline call (so that a span argument need not be copied).
    /// Work queued before is run first, preserving each caller's order. Pair with <see cref="Exit"/>.
    /// </summary>
    public bool TryEnter()
    {
        if (Interlocked.CompareExchange(ref _active, 1, 0) != 0)
        {
            return false;
        }

        Volatile.Write(ref _owner, Environment.CurrentManagedThreadId);
        RunQueued();
        return true;
    }

    /// <summary>Releases the executor taken by <see cref="TryEnter"/> and runs anything queued meanwhile.</summary>
    public void Exit()
    {
        Volatile.Write(ref _owner, 0);
        Volatile.Write(ref _active, 0);
        if (!_queue.IsEmpty)
        {
            Drain();
        }
    }

    private void Drain()
    {
        // Re-check after releasing: an item enqueued between the last dequeue and the release
        // would otherwise wait for the next caller.
        while (!_queue.IsEmpty && Interlocked.CompareExchange(ref _active, 1, 0) == 0)
        {
            Volatile.Write(ref _owner, Environment.CurrentManagedThreadId);
            RunQueued();
            Volatile.Write(ref _owner, 0);
            Volatile.Write(ref _active, 0);
        }
    }

    private void RunQueued()
    {
        while (_queue.TryDequeue(out var action))
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // One bad work item must not stop the switch.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _onError(e);
            }
        }
    }
}
