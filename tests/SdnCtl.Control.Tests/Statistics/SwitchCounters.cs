using System.Collections.Concurrent;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Statistics;

/// <summary>
/// Port and flow counters a <see cref="FakeSwitch"/> reports to multipart PORT_STATS and FLOW_STATS
/// requests, set by the test; counts the requests. With <see cref="Hold"/> the replies wait until
/// <see cref="Release"/>, as a slow switch's would.
/// </summary>
internal sealed class SwitchCounters
{
    private readonly ConcurrentDictionary<uint, PortStatsEntry> _ports = new();
    private readonly List<FlowStatsEntry> _flows = [];
    private TaskCompletionSource? _held;
    private int _portRequests;
    private int _flowRequests;

    public SwitchCounters(FakeSwitch sw)
    {
        foreach (OfpPort p in sw.PortList)
        {
            _ports[p.PortNo] = new PortStatsEntry { PortNo = p.PortNo };
        }

        sw.MultipartResponder = AnswerAsync;
    }

    public int PortRequests => Volatile.Read(ref _portRequests);

    public int FlowRequests => Volatile.Read(ref _flowRequests);

    /// <summary>Exception every request fails with, when set.</summary>
    public Exception? Failure { get; set; }

    public void SetPort(uint port, ulong rxBytes, ulong txBytes, ulong rxPackets = 0, ulong txPackets = 0, uint durationSec = 0) =>
        _ports[port] = new PortStatsEntry { PortNo = port, RxBytes = rxBytes, TxBytes = txBytes, RxPackets = rxPackets, TxPackets = txPackets, DurationSec = durationSec };

    public void SetFlows(params FlowStatsEntry[] flows)
    {
        lock (_flows)
        {
            _flows.Clear();
            _flows.AddRange(flows);
        }
    }

    public void Hold() => _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Interlocked.Exchange(ref _held, null)?.SetResult();

    private async Task<IReadOnlyList<MultipartReply>> AnswerAsync(MultipartRequest request, CancellationToken cancellationToken)
    {
        // Counted when asked, before any wait: what the test checks is how many requests were sent.
        switch (request)
        {
            case PortStatsRequest:
                Interlocked.Increment(ref _portRequests);
                break;
            case FlowStatsRequest:
                Interlocked.Increment(ref _flowRequests);
                break;
            default:
                throw new NotSupportedException();
        }

        if (_held is { } held)
        {
            await held.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        if (request is PortStatsRequest)
        {
            return [new PortStatsReply { Entries = [.. _ports.Values.OrderBy(p => p.PortNo)] }];
        }

        lock (_flows)
        {
            return [new FlowStatsReply { Entries = [.. _flows] }];
        }
    }
}
