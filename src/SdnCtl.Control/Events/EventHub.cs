using System.Threading.Channels;

namespace SdnCtl.Control.Events;

/// <summary>
/// Fans events out to subscribers, each with its own bounded channel. The control loop must never
/// wait for a reader, so a subscriber that falls behind loses its oldest events rather than
/// slowing the network down.
/// </summary>
internal sealed class EventHub
{
    private readonly int _capacity;
    private readonly Lock _gate = new();

    // Copy-on-write: the loop publishes without taking the lock; subscribe/unsubscribe are rare.
    private volatile NetworkEventSubscription[] _subscribers = [];
    private bool _completed;

    public EventHub(int capacity) => _capacity = capacity;

    /// <summary>The subscribers now (an array never changed once published), to publish a batch of events to the same ones.</summary>
    public NetworkEventSubscription[] Subscribers => _subscribers;

    public void Publish(NetworkEvent e) => Publish(_subscribers, e);

    /// <summary>Publishes to <paramref name="subscribers"/>, taken from <see cref="Subscribers"/>.</summary>
    public static void Publish(NetworkEventSubscription[] subscribers, NetworkEvent e)
    {
        foreach (NetworkEventSubscription s in subscribers)
        {
            s.Writer.TryWrite(e);
        }
    }

    public NetworkEventSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<NetworkEvent>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = false,
            SingleWriter = false,
        });
        var subscription = new NetworkEventSubscription(channel, this);
        lock (_gate)
        {
            if (_completed)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers = [.. _subscribers, subscription];
            }
        }

        return subscription;
    }

    public void Unsubscribe(NetworkEventSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, s => !ReferenceEquals(s, subscription));
        }

        subscription.Writer.TryComplete();
    }

    /// <summary>Ends every subscription (the control plane stopped).</summary>
    public void Complete()
    {
        NetworkEventSubscription[] all;
        lock (_gate)
        {
            _completed = true;
            all = _subscribers;
            _subscribers = [];
        }

        foreach (NetworkEventSubscription s in all)
        {
            s.Writer.TryComplete();
        }
    }
}
