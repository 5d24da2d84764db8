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
    public void ObserveHost_ManyNewHosts_AllocatesFewBytesPerHost()
    {
        const int Warm = 100_000, Measured = 100_000, PerSnapshot = 4096;
        var state = new NetworkState(declared: null);
        var events = new List<NetworkEvent>();
        Learn(state, events, 0, Warm, PerSnapshot);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Learn(state, events, Warm, Measured, PerSnapshot);
        long perHost = (GC.GetAllocatedBytesForCurrentThread() - before) / Measured;
        output.WriteLine($"{perHost} B allocated per new host");

        TopologySnapshot snapshot = state.GetSnapshot();
        Assert.Equal(Warm + Measured, snapshot.HostCount);
        Assert.InRange(perHost, 1, 100_000);
    }

    private static void Learn(NetworkState state, List<NetworkEvent> events, int first, int count, int perSnapshot)
    {
        for (int i = first; i < first + count; i++)
        {
            state.BeginInput(Now);
            state.ObserveHost(0x02_00_00_00_00_00 + (ulong)i, new SwitchPort(1 + ((ulong)i % 16), 1), 0x0a00_0000 + (uint)i);
            if (i % perSnapshot == perSnapshot - 1)
            {
                state.GetSnapshot();
                state.TakeEvents(events);
                events.Clear();
            }
        }

        state.GetSnapshot();
        state.TakeEvents(events);
        events.Clear();
    }
}
