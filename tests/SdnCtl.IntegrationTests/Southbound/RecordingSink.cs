using System.Collections.Concurrent;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.IntegrationTests.Southbound;

/// <summary>An event sink that lets a test await "N switches connected" instead of sleeping.</summary>
internal sealed class RecordingSink : ISwitchEventSink
{
    private readonly int _expected;
    private readonly TaskCompletionSource _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingSink(int expected) => _expected = expected;

    public ConcurrentDictionary<ulong, ISwitchConnection> Connected { get; } = new();

    public ConcurrentQueue<ErrorMessage> Errors { get; } = new();

    public Task AllConnected => _allConnected.Task;

    public void SwitchConnected(ISwitchConnection connection)
    {
        Connected[connection.DatapathId] = connection;
        if (Connected.Count >= _expected)
        {
            _allConnected.TrySetResult();
        }
    }

    public void SwitchDisconnected(ISwitchConnection connection, string reason) => Connected.TryRemove(connection.DatapathId, out _);

    public void PortStatusReceived(ISwitchConnection connection, PortStatus message)
    {
    }

    public void PacketInReceived(ISwitchConnection connection, PacketIn message)
    {
    }

    public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message)
    {
    }

    public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request) => Errors.Enqueue(error);
}
