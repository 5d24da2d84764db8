using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.Control.Network;
using Xunit.Abstractions;

namespace SdnCtl.Control.Tests.Core;

/// <summary>
/// What learning one new host costs the control loop in memory, as in a cbench run where every
/// packet-in's source is new: the loop's tables, the fast path's location map, the readers' host view
/// and the learned-host event, with a snapshot and the events taken every few thousand hosts (the loop
/// coalesces host-only snapshots under load).
/// </summary>
public class HostLearningCostTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public void ObserveHost_ManyNewHosts_AllocatesNoObjectBeyondItsEntryAndItsEvent()
    {
        const int Warm = 100_000, Measured = 100_000, PerSnapshot = 4096;
        var state = new NetworkState(declared: null);
        var events = new List<NetworkEvent>();
        Learn(state, events, 0, Warm, PerSnapshot);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long inEvents = Learn(state, events, Warm, Measured, PerSnapshot);
        long perHost = (GC.GetAllocatedBytesForCurrentThread() - before) / Measured;
        long eventsPerHost = inEvents / Measured;
        output.WriteLine($"{perHost} B allocated per new host, {eventsPerHost} B of it building the learned-host events");

        TopologySnapshot snapshot = state.GetSnapshot();
        Assert.Equal(Warm + Measured, snapshot.HostCount);

        // Measured 666 B: the event (HostLearnedEvent, HostInfo, IPAddress and its array, ~210 B, built
        // when the events are taken, so they die young), the entry (88 B), and amortised array space:
        // the two dictionaries, the location table, the host log and its folds (~370 B, most of it in
        // arrays on the large-object heap). The persistent host tree with a HostInfo per host and a
        // ConcurrentDictionary node came to ~730 B, most of it objects that survived.
        Assert.InRange(eventsPerHost, 100, 260);
        Assert.InRange(perHost - eventsPerHost, 100, 480);
    }

    private static long Learn(NetworkState state, List<NetworkEvent> events, int first, int count, int perSnapshot)
    {
        long inEvents = 0;
        for (int i = first; i < first + count; i++)
        {
            state.BeginInput(Now);
            state.ObserveHost(0x02_00_00_00_00_00 + (ulong)i, new SwitchPort(1 + ((ulong)i % 16), 1), 0x0a00_0000 + (uint)i);
            if (i % perSnapshot == perSnapshot - 1)
            {
                inEvents += Publish(state, events);
            }
        }

        return inEvents + Publish(state, events);
    }

    // What the loop does after a batch: the snapshot, then the events; returns what taking the events allocated.
    private static long Publish(NetworkState state, List<NetworkEvent> events)
    {
        state.GetSnapshot();
        long before = GC.GetAllocatedBytesForCurrentThread();
        state.TakeEvents(events);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.All(events, e => Assert.IsType<HostLearnedEvent>(e));
        events.Clear();
        return allocated;
    }
}
