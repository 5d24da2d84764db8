using SdnCtl.Control.Core;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tests.Core;

/// <summary>The fast path's host-location map: one writer (the loop), readers on any thread.</summary>
public class HostLocationTableTests
{
    [Fact]
    public void SetRemove_RandomAgainstADictionary_AgreesAfterEveryStep()
    {
        var random = new Random(3);
        var table = new HostLocationTable();
        var model = new Dictionary<ulong, SwitchPort>();
        for (int step = 0; step < 200_000; step++)
        {
            ulong mac = (ulong)random.Next(0, 5_000) * 0x1_0001;
            if (random.Next(3) == 0)
            {
                Assert.Equal(model.Remove(mac), table.Remove(mac));
            }
            else
            {
                var at = new SwitchPort((ulong)random.Next(1, 100), (uint)random.Next(1, 48));
                table.Set(mac, at);
                model[mac] = at;
            }

            ulong probe = (ulong)random.Next(0, 5_000) * 0x1_0001;
            Assert.Equal(model.TryGetValue(probe, out SwitchPort expected), table.TryGetValue(probe, out SwitchPort actual));
            Assert.Equal(expected, actual);
            Assert.Equal(model.Count, table.Count);
        }

        foreach (var (mac, at) in model)
        {
            Assert.True(table.TryGetValue(mac, out SwitchPort found));
            Assert.Equal(at, found);
        }
    }

    [Fact]
    public void Set_ChurnOfRemovedHosts_ReusesTheTableInsteadOfGrowing()
    {
        var table = new HostLocationTable();
        for (ulong mac = 0; mac < 1_000; mac++)
        {
            table.Set(mac, new SwitchPort(1, 1));
        }

        int capacity = table.Capacity;
        for (ulong mac = 1_000; mac < 100_000; mac++)
        {
            table.Remove(mac - 1_000);
            table.Set(mac, new SwitchPort(2, 2));
        }

        Assert.Equal(1_000, table.Count);
        Assert.Equal(capacity, table.Capacity);
        Assert.False(table.ContainsKey(0));
        Assert.True(table.TryGetValue(99_999, out SwitchPort at));
        Assert.Equal(new SwitchPort(2, 2), at);
    }

    [Fact]
    public void Set_NewHostsWithinCapacity_AllocatesNothing()
    {
        var table = new HostLocationTable();
        for (ulong mac = 0; mac < 60_000; mac++)
        {
            table.Set(mac, new SwitchPort(1, 1));
        }

        // 60,000 live entries sit in a table of 131,072 slots, which holds 65,536 before it grows.
        Assert.Equal(131_072, table.Capacity);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ulong mac = 60_000; mac < 65_000; mac++)
        {
            table.Set(mac, new SwitchPort(1, 2));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(131_072, table.Capacity);
    }

    [Fact]
    public async Task TryGetValue_WhileTheWriterMovesHostsAndGrows_NeverReadsAHalfWrittenLocation()
    {
        var table = new HostLocationTable();
        const int Hosts = 64;
        SwitchPort a = new(0x1111_1111_1111_1111, 0x1111_1111), b = new(0x2222_2222_2222_2222, 0x2222_2222);
        for (ulong mac = 0; mac < Hosts; mac++)
        {
            table.Set(mac, a);
        }

        using var stop = new CancellationTokenSource();
        long reads = 0, torn = 0, missing = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested || Interlocked.Read(ref reads) < 10_000)
            {
                for (ulong mac = 0; mac < Hosts; mac++)
                {
                    if (!table.TryGetValue(mac, out SwitchPort at))
                    {
                        Interlocked.Increment(ref missing);
                    }
                    else if (at != a && at != b)
                    {
                        Interlocked.Increment(ref torn);
                    }

                    Interlocked.Increment(ref reads);
                }
            }
        });

        // Moves back and forth, with new hosts now and then so that the table is rebuilt under the reader.
        for (int round = 0; round < 2_000; round++)
        {
            for (ulong mac = 0; mac < Hosts; mac++)
            {
                table.Set(mac, round % 2 == 0 ? b : a);
            }

            table.Set(1_000_000 + (ulong)round, a);
        }

        stop.Cancel();
        await reader.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(reads >= 10_000);
        Assert.Equal(0, torn);
        Assert.Equal(0, missing);
    }
}
