using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using Xunit.Abstractions;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// The flow table's struct-of-arrays storage: entry ids and key slots reused after deletes, growth
/// across pages and bucket rehashes under churn, many subtables coming and going, entry handles that
/// stay the same object while the entry lives and keep its last state once it is gone, and what an
/// install allocates once the storage is warm.
/// </summary>
public sealed class FlowTableStorageTests(ITestOutputHelper output)
{
    [Fact]
    public void DeleteThenAdd_ReusesEntryIdsInsteadOfGrowing()
    {
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        const int n = 5000;
        for (int i = 0; i < n; i++)
        {
            Ok(p.ApplyFlowMod(Flow(i, cookie: (ulong)i)));
        }

        var table = p.Tables[0];
        int capacity = table.IdCapacityUsed;
        for (int i = 0; i < n; i++)
        {
            Ok(p.ApplyFlowMod(Delete(Key(i), strict: true, priority: 100, table: 0)));
        }

        Assert.Equal(0, table.Count);
        Assert.Equal(0, table.SubtableCount);
        for (int i = n; i < 2 * n; i++)
        {
            Ok(p.ApplyFlowMod(Flow(i, cookie: (ulong)i)));
        }

        Assert.Equal(n, table.Count);
        Assert.Equal(capacity, table.IdCapacityUsed);
        for (int i = n; i < 2 * n; i++)
        {
            Assert.Equal((ulong)i, table.FindExact(new FlowMatch(Key(i)), 100)?.Cookie);
        }

        Assert.Null(table.FindExact(new FlowMatch(Key(0)), 100));
    }

    [Fact]
    public void RandomChurn_AcrossPagesAndRehashes_AgreesWithADictionary()
    {
        var rnd = new Random(7);
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        var table = p.Tables[0];
        var model = new Dictionary<int, ulong>();
        ulong cookie = 1;
        for (int step = 0; step < 40_000; step++)
        {
            // Keys from a domain of 12,000 so that adds replace, deletes hit and miss, and the table
            // grows past several slot pages and bucket sizes and shrinks back.
            int k = rnd.Next(12_000);
            if (rnd.Next(3) == 0)
            {
                Ok(p.ApplyFlowMod(Delete(Key(k), strict: true, priority: 100, table: 0)));
                model.Remove(k);
            }
            else
            {
                Ok(p.ApplyFlowMod(Flow(k, cookie)));
                model[k] = cookie++;
            }
        }

        Assert.Equal(model.Count, table.Count);
        for (int k = 0; k < 12_000; k++)
        {
            var found = table.FindExact(new FlowMatch(Key(k)), 100);
            Assert.Equal(model.TryGetValue(k, out ulong c) ? c : null, found?.Cookie);
        }

        Assert.Equal(model.Values.Order(), table.Entries.Select(e => e.Cookie).Order());
    }

    [Fact]
    public void ManySubtables_AddLookupAndDeleteAll_SubtablesGoAndComeBack()
    {
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        var table = p.Tables[0];
        for (int round = 0; round < 2; round++)
        {
            // 32 prefix lengths with and without ip_proto: 64 shapes, 4 flows (in ports) each.
            for (int len = 1; len <= 32; len++)
            {
                for (uint port = 1; port <= 4; port++)
                {
                    Ok(p.ApplyFlowMod(Add((ushort)len, Prefix(len, port, proto: false), Out(port))));
                    Ok(p.ApplyFlowMod(Add((ushort)(len + 100), Prefix(len, port, proto: true), Out(port))));
                }
            }

            Assert.Equal(64, table.SubtableCount);
            Assert.Equal(256, table.Count);
            for (int len = 1; len <= 32; len++)
            {
                var entry = table.FindExact(new FlowMatch(Prefix(len, 3, proto: true)), (ushort)(len + 100));
                Assert.NotNull(entry);
                Assert.True(entry.OutputsTo(3));
            }

            Ok(p.ApplyFlowMod(Delete(Any)));
            Assert.Equal(0, table.Count);
            Assert.Equal(0, table.SubtableCount);
        }
    }

    [Fact]
    public void Handle_SameObjectWhileLive_KeepsLastStateOnceRemoved_UnaffectedByIdReuse()
    {
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        var table = p.Tables[0];
        Ok(p.ApplyFlowMod(Flow(1, cookie: 11)));
        var handle = table.FindExact(new FlowMatch(Key(1)), 100)!;
        Assert.Same(handle, table.Entries.Single());
        handle.PacketCount = 5;
        Assert.Equal(5UL, table.Entries[0].PacketCount);

        Ok(p.ApplyFlowMod(Delete(Key(1), strict: true, priority: 100, table: 0)));
        Ok(p.ApplyFlowMod(Flow(2, cookie: 22))); // takes the freed id

        Assert.True(handle.IsRemoved);
        Assert.Equal(11UL, handle.Cookie);
        Assert.Equal(5UL, handle.PacketCount);
        Assert.Equal(new FlowMatch(Key(1)), handle.Match);
        Assert.True(handle.OutputsTo(2));
        var fresh = table.Entries.Single();
        Assert.NotSame(handle, fresh);
        Assert.Equal(22UL, fresh.Cookie);
        Assert.Equal(0UL, fresh.PacketCount);
    }

    [Fact]
    public void ApplyFlowMod_AddsIntoWarmStorage_AllocateAlmostNothingPerFlow()
    {
        const int n = 20_000;
        var frames = new byte[2 * n][];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = Flow(i, cookie: (ulong)i).ToArray();
        }

        var deletes = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            deletes[i] = Delete(Key(i), strict: true, priority: 100, table: 0).ToArray();
        }

        // Fill and empty the table once: its pages, buckets and free lists are then in place, and the
        // adds below take freed ids and slots. One flow of the same shape stays, so the subtable does.
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        Ok(p.ApplyFlowMod(Flow(3 * n, cookie: 0)));
        var reused = new FlowMod();
        for (int i = 0; i < n; i++)
        {
            OfpCodec.DecodeInto(frames[i], reused);
            Ok(p.ApplyFlowMod(reused));
        }

        foreach (var frame in deletes)
        {
            OfpCodec.DecodeInto(frame, reused);
            Ok(p.ApplyFlowMod(reused));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = n; i < 2 * n; i++)
        {
            OfpCodec.DecodeInto(frames[i], reused);
            Ok(p.ApplyFlowMod(reused));
        }

        long perFlow = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        output.WriteLine($"{perFlow} B per flow");
        Assert.Equal(n + 1, p.FlowCount);
        Assert.InRange(perFlow, 0, 4);
    }

    private static OxmEntry[] Key(int i) => [OxmEntry.InPort((uint)(1 + (i % 4))), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)i)];

    private static FlowMod Flow(int i, ulong cookie)
    {
        var mod = Add(100, Key(i), OfpInstruction.ApplyActions(OfpAction.Output(2)));
        mod.Cookie = cookie;
        return mod;
    }

    private static OxmEntry[] Prefix(int len, uint port, bool proto)
    {
        const uint address = 0x0A01_0203u;
        OxmEntry[] fields = [OxmEntry.InPort(port), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(address & (uint.MaxValue << (32 - len)), len)];
        return proto ? [.. fields, OxmEntry.IpProto(17)] : fields;
    }
}
