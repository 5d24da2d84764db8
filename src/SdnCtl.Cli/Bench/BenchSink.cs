using System.Collections.Concurrent;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Cli.Bench;

/// <summary>The bench's controller side: records connected switches and the errors they report.</summary>
internal sealed class BenchSink(int expected) : ISwitchEventSink
{
    private readonly TaskCompletionSource _allConnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _errors;

    public ConcurrentDictionary<ulong, ISwitchConnection> Connected { get; } = new();

    public Task AllConnected => _allConnected.Task;

    public int Errors => Volatile.Read(ref _errors);

    public void SwitchConnected(ISwitchConnection connection)
    {
        Connected[connection.DatapathId] = connection;
        if (Connected.Count >= expected)
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

    public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request) => Interlocked.Increment(ref _errors);
}
