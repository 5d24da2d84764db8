using SdnCtl.DataPlane.Switch;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Tests.Network;

/// <summary>
/// A controller connection that records what a switch sends, decoded again as a controller would
/// see it. Thread-safe: switches call it on their executors while the test reads.
/// </summary>
internal sealed class RecordingChannel : IControllerChannel
{
    private readonly Lock _gate = new();
    private readonly List<OfpMessage> _received = [];

    public void Send(OfpMessage message)
    {
        var decoded = OfpCodec.Decode(message.ToArray());
        lock (_gate)
        {
            _received.Add(decoded);
        }
    }

    public void Flush()
    {
    }

    public void Close()
    {
    }

    public List<T> OfType<T>()
    {
        lock (_gate)
        {
            return [.. _received.OfType<T>()];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _received.Clear();
        }
    }
}
