using System.Threading.Channels;

namespace SdnCtl.Control.Events;

/// <summary>
/// A live feed of <see cref="NetworkEvent"/>s, registered when created (no event published after
/// <see cref="IControlPlane.Subscribe"/> returns is missed unless the subscriber falls more than
/// <see cref="ControllerOptions.EventBufferCapacity"/> events behind, in which case the oldest are dropped).
/// Dispose it to stop receiving; it completes by itself when the control plane stops.
/// </summary>
public sealed class NetworkEventSubscription : IDisposable
{
    private readonly Channel<NetworkEvent> _channel;
    private readonly EventHub _hub;

    internal NetworkEventSubscription(Channel<NetworkEvent> channel, EventHub hub)
    {
        _channel = channel;
        _hub = hub;
    }

    /// <summary>The events, in the order the control loop produced them.</summary>
    public ChannelReader<NetworkEvent> Reader => _channel.Reader;

    internal ChannelWriter<NetworkEvent> Writer => _channel.Writer;

    /// <summary>Reads events until the subscription ends or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<NetworkEvent> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _channel.Reader.ReadAllAsync(cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _hub.Unsubscribe(this);
}
