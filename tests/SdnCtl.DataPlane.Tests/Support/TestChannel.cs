using SdnCtl.DataPlane.Switch;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Tests.Support;

/// <summary>
/// A controller connection that records what the switch sends, as the controller would see it:
/// every message is encoded and decoded again through <see cref="OfpCodec"/>.
/// </summary>
internal sealed class TestChannel : IControllerChannel
{
    public List<OfpMessage> Received { get; } = [];

    public int Flushes { get; private set; }

    public bool Closed { get; private set; }

    public void Send(OfpMessage message) => Received.Add(OfpCodec.Decode(message.ToArray()));

    public void Flush() => Flushes++;

    public void Close() => Closed = true;

    public List<T> OfType<T>() => [.. Received.OfType<T>()];

    public void Clear() => Received.Clear();
}
