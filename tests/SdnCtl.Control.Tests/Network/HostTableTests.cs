using System.Net;
using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tests.Network;

/// <summary>
/// The readers' host view (base, log and folds behind <see cref="TopologySnapshot.Hosts"/>,
/// <see cref="TopologySnapshot.FindHost"/> and <see cref="TopologySnapshot.HostCount"/>): every snapshot
/// keeps the hosts of its version, however the loop changes and folds them afterwards.
/// </summary>
public class HostTableTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Snapshots_RandomLearnMoveAddressAndRemoveAcrossFolds_EachKeepsItsVersionsHosts()
    {
        var random = new Random(7);
        var state = new NetworkState(declared: null);
        var model = new Dictionary<ulong, HostInfo>();
        var taken = new List<(TopologySnapshot Snapshot, HostInfo[] Expected)>();
        DateTimeOffset now = Start;

        // Enough changes for several folds (a log of 8192 or twice the base), over few enough MACs
        // that moves, new addresses and removals hit known hosts often.
        for (int step = 0; step < 60_000; step++)
        {
            now += TimeSpan.FromMilliseconds(random.Next(0, 300));
            state.BeginInput(now);
            ulong mac = 0x02_00_00_00_00_00 + (ulong)random.Next(0, 12_000);
            if (random.Next(10) == 0)
            {
                state.RemoveHost(mac);
            }
            else
            {
                var at = new SwitchPort(1 + (ulong)random.Next(0, 3), 1 + (uint)random.Next(0, 3));
                uint ip = random.Next(3) == 0 ? 0 : 0x0a00_0000 + (uint)random.Next(1, 20_000);
                state.ObserveHost(mac, at, ip);
            }

            if (random.Next(2_000) == 0 || step == 59_999)
            {
                Expect(state, model);
                taken.Add((state.GetSnapshot(), [.. model.Values.OrderBy(h => h.Mac)]));
            }
        }

        Assert.True(taken.Count > 10);
        foreach (var (snapshot, expected) in taken)
        {
            Assert.Equal(expected.Length, snapshot.HostCount);
            Assert.Equal(expected.Select(h => h.Mac), snapshot.Hosts.Select(h => h.Mac));
            for (int i = 0; i < expected.Length; i++)
            {
                AssertSame(expected[i], snapshot.Hosts[i]);
            }
        }

        // FindHost on snapshots that were never materialised (a fresh run, the same changes).
        random = new Random(11);
        foreach (var (snapshot, expected) in taken)
        {
            var byMac = expected.ToDictionary(h => h.Mac);
            for (int i = 0; i < 200; i++)
            {
                ulong mac = 0x02_00_00_00_00_00 + (ulong)random.Next(0, 12_000);
                AssertSame(byMac.GetValueOrDefault(mac), snapshot.FindHost(mac));
            }
        }
    }

    [Fact]
    public void FindHost_BeforeHostsIsRead_SeesTheSameHostsAsHosts()
    {
        var state = new NetworkState(declared: null);
        for (int i = 0; i < 20_000; i++)
        {
            state.BeginInput(Start);
            state.ObserveHost(0x02_00_00_00_00_00 + (ulong)(i * 7 % 20_000), new SwitchPort(1, 1 + ((uint)i % 5)), 0x0a00_0000 + (uint)i);
        }

        state.RemoveHost(0x02_00_00_00_00_05);
        TopologySnapshot first = state.GetSnapshot();
        TopologySnapshot second = new NetworkState(declared: null).GetSnapshot();
        Assert.Null(first.FindHost(0x02_00_00_00_00_05));
        HostInfo? found = first.FindHost(0x02_00_00_00_00_07);
        Assert.NotNull(found);
        Assert.Equal(new SwitchPort(1, 2), found.Attachment);
        Assert.Equal([IPAddress.Parse("10.0.0.1")], found.Ipv4Addresses.ToArray());
        Assert.Equal(19_999, first.HostCount);
        AssertSame(first.Hosts.First(h => h.Mac == 0x02_00_00_00_00_07), found);
        Assert.Equal(0, second.HostCount);
        Assert.Empty(second.Hosts);
    }

    [Fact]
    public void FindHost_OnEverySnapshotWhileHostsChangeOneByOne_SeesEachVersionsHosts()
    {
        // A reader that looks hosts up on every snapshot (intents resolving endpoints on the loop):
        // each snapshot answers from the records since one its reader already indexed.
        var random = new Random(5);
        var state = new NetworkState(declared: null);
        for (int i = 0; i < 3_000; i++)
        {
            state.BeginInput(Start);
            state.ObserveHost(0x02_00_00_00_00_00 + (ulong)i, new SwitchPort(1, 1), 0x0a00_0000 + (uint)i);
        }

        var model = new Dictionary<ulong, HostInfo>();
        var taken = new List<(TopologySnapshot Snapshot, HostInfo[] Expected)>();
        int sorts = 0;
        for (int step = 0; step < 1_500; step++)
        {
            state.BeginInput(Start + TimeSpan.FromSeconds(step));
            ulong mac = 0x02_00_00_00_00_00 + (ulong)random.Next(0, 3_500);
            if (random.Next(4) == 0)
            {
                state.RemoveHost(mac);
            }
            else
            {
                state.ObserveHost(mac, new SwitchPort(2, 1 + (uint)random.Next(0, 4)), 0);
            }

            TopologySnapshot snapshot = state.GetSnapshot();
            Expect(state, model, 3_500);
            for (int probe = 0; probe < 3; probe++)
            {
                ulong m = probe == 0 ? mac : 0x02_00_00_00_00_00 + (ulong)random.Next(0, 3_500);
                long before = GC.GetAllocatedBytesForCurrentThread();
                HostInfo? found = snapshot.FindHost(m);
                if (GC.GetAllocatedBytesForCurrentThread() - before > 4_096)
                {
                    sorts++;
                }

                AssertSame(model.GetValueOrDefault(m), found);
            }

            if (step % 100 == 0)
            {
                taken.Add((snapshot, [.. model.Values.OrderBy(h => h.Mac)]));
            }
        }

        // The log (3,000 records and more) was sorted about once per 256 changes, not per snapshot.
        Assert.InRange(sorts, 1, 1 + (1_500 / 200));

        // Earlier snapshots still answer for their own version.
        foreach (var (snapshot, expected) in taken)
        {
            Assert.Equal(expected.Length, snapshot.HostCount);
            foreach (HostInfo h in expected)
            {
                AssertSame(h, snapshot.FindHost(h.Mac));
            }
        }
    }

    [Fact]
    public void TakeEvents_LearnedHostChangedBeforeThePublish_EventCarriesTheHostAsLearned()
    {
        var state = new NetworkState(declared: null);
        const ulong Mac = 0x02_00_00_00_00_01;
        state.BeginInput(Start);
        state.ObserveHost(Mac, new SwitchPort(1, 1), 0x0a00_0001);
        state.BeginInput(Start + TimeSpan.FromSeconds(5));
        state.ObserveHost(Mac, new SwitchPort(2, 2), 0x0a00_0002);

        var events = new List<NetworkEvent>();
        state.TakeEvents(events);

        HostLearnedEvent learned = Assert.IsType<HostLearnedEvent>(events[0]);
        AssertSame(new HostInfo(Mac, null, [IPAddress.Parse("10.0.0.1")], new SwitchPort(1, 1), Start, Start), learned.Host);
        Assert.Equal(1, learned.Version);
        HostMovedEvent moved = Assert.IsType<HostMovedEvent>(events[1]);
        Assert.Equal(new SwitchPort(2, 2), moved.To);
        AssertSame(
            new HostInfo(Mac, null, [IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2")], new SwitchPort(2, 2), Start, Start + TimeSpan.FromSeconds(5)),
            state.GetSnapshot().FindHost(Mac));
    }

    [Fact]
    public void TakeEvents_WithoutLearnedHosts_BuildsNoneAndKeepsTheOthersInOrder()
    {
        var state = new NetworkState(declared: null);
        state.BeginInput(Start);
        for (ulong mac = 1; mac <= 1_000; mac++)
        {
            state.ObserveHost(mac, new SwitchPort(1, 1), 0x0a00_0000 + (uint)mac);
        }

        state.RemoveHost(7);
        state.ObserveHost(8, new SwitchPort(1, 2), 0);
        var events = new List<NetworkEvent>(16);

        long before = GC.GetAllocatedBytesForCurrentThread();
        state.TakeEvents(events, learnedHosts: false);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Collection(
            events,
            e => Assert.Equal(7UL, Assert.IsType<HostRemovedEvent>(e).Mac),
            e => Assert.Equal(8UL, Assert.IsType<HostMovedEvent>(e).Mac));
        events.Clear();
        state.TakeEvents(events);
        Assert.Empty(events);
    }

    // HostInfo's record equality compares its address array by reference.
    private static void AssertSame(HostInfo? expected, HostInfo? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.Equal(expected is null, actual is null);
            return;
        }

        Assert.Equal(expected with { Ipv4Addresses = [] }, actual with { Ipv4Addresses = [] });
        Assert.Equal(expected.Ipv4Addresses.ToArray(), actual.Ipv4Addresses.ToArray());
    }

    private static void Expect(NetworkState state, Dictionary<ulong, HostInfo> model, int macs = 12_000)
    {
        // The model is rebuilt from the loop's own entries: what a snapshot must show for this version.
        model.Clear();
        for (ulong mac = 0x02_00_00_00_00_00; mac < 0x02_00_00_00_00_00 + (ulong)macs; mac++)
        {
            if (state.FindHost(mac) is { } h)
            {
                model[mac] = new HostInfo(
                    h.Mac,
                    h.Name,
                    [.. h.Ipv4.ToArray().Select(a => new IPAddress([(byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a]))],
                    h.Attachment,
                    h.FirstSeen,
                    h.LastSeen);
            }
        }
    }
}
