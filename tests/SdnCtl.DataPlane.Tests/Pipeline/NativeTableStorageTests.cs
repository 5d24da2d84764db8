using System.Runtime.CompilerServices;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// The flow table's pages in native memory: huge-page sized and aligned blocks, a first page that grows
/// and then hands over to whole pages (ids and slot numbers skipping the gap between), entries found on
/// every page, and blocks freed when they are replaced, when a subtable empties and when a table is dropped.
/// </summary>
public sealed class NativeTableStorageTests
{
    [Fact]
    public void Allocate_HugeSize_RoundedToWholeAlignedHugePages_DisposeFrees()
    {
        var huge = NativeBlock.Allocate((3 * NativeBlock.HugePageSize) / 2);
        var small = NativeBlock.Allocate(100);
        try
        {
            Assert.Equal((nuint)(2 * NativeBlock.HugePageSize), huge.Bytes);
            Assert.Equal(0, huge.Address % NativeBlock.HugePageSize);
            Assert.Equal((nuint)100, small.Bytes);
            Assert.NotEqual(0, small.Address);
            unsafe
            {
                // Every byte is usable.
                ((byte*)huge.Address)[0] = 1;
                ((byte*)huge.Address)[(2 * NativeBlock.HugePageSize) - 1] = 2;
                ((byte*)small.Address)[99] = 3;
            }
        }
        finally
        {
            huge.Dispose();
            small.Dispose();
        }

        Assert.True(huge.IsClosed);
        Assert.True(small.IsClosed);
        Assert.Throws<ArgumentOutOfRangeException>(() => NativeBlock.Allocate(0));
    }

    [Fact]
    public void EntryRecord_Is64Bytes_SoAWholeRecordPageIsOneHugePage() =>
        Assert.Equal(NativeBlock.HugePageSize / 32_768, Unsafe.SizeOf<EntryRecord>());

    [Fact]
    public void BucketArena_Rent_CarvesOneHugePage_ReturnedArraysReusedZeroed_HugeArraysFreedOnReturn()
    {
        var arena = new BucketArena();
        nint a = arena.Rent(BucketArena.MinBytes);
        nint b = arena.Rent(2 * BucketArena.MinBytes);
        Assert.Single(arena.Blocks);
        Assert.Equal(a + BucketArena.MinBytes, b);
        unsafe
        {
            Assert.True(new Span<byte>((void*)a, BucketArena.MinBytes).IndexOfAnyExcept((byte)0) < 0);
            new Span<byte>((void*)a, BucketArena.MinBytes).Fill(0xAB);
        }

        arena.Return(a, BucketArena.MinBytes);
        Assert.Equal(a, arena.Rent(BucketArena.MinBytes));
        unsafe
        {
            Assert.True(new Span<byte>((void*)a, BucketArena.MinBytes).IndexOfAnyExcept((byte)0) < 0, "a reused array comes back zeroed");
        }

        nint huge = arena.Rent(2 * NativeBlock.HugePageSize);
        Assert.Equal(2, arena.Blocks.Count);
        var hugeBlock = arena.Blocks[1];
        arena.Return(huge, 2 * NativeBlock.HugePageSize);
        Assert.True(hugeBlock.IsClosed);
        Assert.Single(arena.Blocks);
        Assert.Throws<ArgumentOutOfRangeException>(() => arena.Rent(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => arena.Rent(3 * BucketArena.MinBytes));
    }

    [Fact]
    public void Add_AcrossTheFirstPageAndWholePages_EveryEntryFound_DeleteAndReAddReuseIds()
    {
        // 70,000 entries: past the first record page (2,048), through page 1 (32,768 ids) into page 2,
        // and past the first slot page into slot page 1.
        const int n = 70_000;
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1, MaxEntriesPerTable = n });
        var table = p.Tables[0];
        for (int i = 0; i < n; i++)
        {
            Ok(p.ApplyFlowMod(Flow(i, cookie: (ulong)i)));
        }

        Assert.Equal(n, table.Count);
        Assert.True(table.IdCapacityUsed > n, "ids skip from the end of the first page to the first whole page");
        for (int i = 0; i < n; i++)
        {
            Assert.Equal((ulong)i, table.FindExact(new FlowMatch(Key(i)), 100)?.Cookie);
        }

        Assert.Equal(Enumerable.Range(0, n).Select(i => (ulong)i), table.Entries.Select(e => e.Cookie).Order());

        // Free every other entry, then add as many new ones: they take the freed ids and slots.
        int capacity = table.IdCapacityUsed;
        for (int i = 0; i < n; i += 2)
        {
            Ok(p.ApplyFlowMod(Delete(Key(i), strict: true, priority: 100, table: 0)));
        }

        for (int i = 0; i < n; i += 2)
        {
            Ok(p.ApplyFlowMod(Flow(n + i, cookie: (ulong)(n + i))));
        }

        Assert.Equal(n, table.Count);
        Assert.Equal(capacity, table.IdCapacityUsed);
        for (int i = 0; i < n; i++)
        {
            ulong? expected = i % 2 == 0 ? null : (ulong)i;
            Assert.Equal(expected, table.FindExact(new FlowMatch(Key(i)), 100)?.Cookie);
            Assert.Equal(i % 2 == 0 ? (ulong)(n + i) : null, table.FindExact(new FlowMatch(Key(n + i)), 100)?.Cookie);
        }
    }

    [Fact]
    public void CheckOverlap_WithAnEntryBeyondTheFirstSlotPage_IsRefused()
    {
        // 10,000 keys fill the first slot page of their subtable (4,096 slots of 32 bytes) and go on in
        // slot page 1, so the scan for overlaps must step over the slot numbers the first page never has.
        const int n = 10_000;
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        for (int i = 0; i < n; i++)
        {
            Ok(p.ApplyFlowMod(Flow(i, cookie: (ulong)i)));
        }

        var overlapping = Add(100, [OxmEntry.EthDst(Mac(n - 1))], Out(1));
        overlapping.Flags = FlowModFlags.CheckOverlap;
        var error = p.ApplyFlowMod(overlapping);
        Assert.NotNull(error);
        Assert.Equal((ushort)FlowModFailedCode.Overlap, error.Value.Code);

        var disjoint = Add(100, [OxmEntry.EthDst(Mac(n + 1))], Out(1));
        disjoint.Flags = FlowModFlags.CheckOverlap;
        Ok(p.ApplyFlowMod(disjoint));
        Assert.Equal(n + 1, p.FlowCount);
    }

    [Fact]
    public void Growth_FreesTheOutgrownFirstPages_EmptiedSubtableFreesItsPagesAtOnce()
    {
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        var table = p.Tables[0];
        Ok(p.ApplyFlowMod(Flow(0, cookie: 0)));
        var first = table.NativeBlocks.ToList();
        Assert.NotEmpty(first);
        for (int i = 1; i < 5000; i++)
        {
            Ok(p.ApplyFlowMod(Flow(i, cookie: (ulong)i)));
        }

        // The first record page and the first slot page have each been replaced by larger ones.
        Assert.All(first, b => Assert.True(b.IsClosed));
        var now = table.NativeBlocks.ToList();
        Assert.All(now, b => Assert.False(b.IsClosed));

        // An entry of another shape keeps the record pages; deleting every Key(i) entry drops their subtable.
        Ok(p.ApplyFlowMod(Add(7, [OxmEntry.EthType(0x0800)], Out(1))));
        var slotPages = table.SubtableOf(table.FindExactId(new FlowMatch(Key(0)), 100)).Blocks.ToList();
        Assert.NotEmpty(slotPages);
        Ok(p.ApplyFlowMod(Delete([OxmEntry.InPort(1)], table: 0)));
        Ok(p.ApplyFlowMod(Delete([OxmEntry.InPort(2)], table: 0)));
        Ok(p.ApplyFlowMod(Delete([OxmEntry.InPort(3)], table: 0)));
        Ok(p.ApplyFlowMod(Delete([OxmEntry.InPort(4)], table: 0)));
        Assert.Equal(1, table.Count);
        Assert.Equal(1, table.SubtableCount);
        Assert.All(slotPages, b => Assert.True(b.IsClosed));
        Assert.All(table.NativeBlocks, b => Assert.False(b.IsClosed));
    }

    [Fact]
    public void DroppedTable_ItsNativeBlocksAreFinalisedAndFreed()
    {
        var blocks = FillAndDrop();
        Assert.NotEmpty(blocks);
        for (int i = 0; i < 3 && blocks.Any(w => w.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // Tracking resurrection: a reference dies only once the block's finaliser (which frees the memory) has run.
        Assert.All(blocks, w => Assert.False(w.IsAlive));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> FillAndDrop()
    {
        var p = new SwitchPipeline(new PipelineOptions { TableCount = 2, MaxEntriesPerTable = 40_000 });
        for (int i = 0; i < 40_000; i++)
        {
            Ok(p.ApplyFlowMod(Flow(i, cookie: (ulong)i)));
        }

        return [.. p.Tables.SelectMany(t => t.NativeBlocks).Select(b => new WeakReference(b, trackResurrection: true))];
    }

    private static ulong Mac(int i) => 0x0200_0000_0000UL | (uint)i;

    private static OxmEntry[] Key(int i) => [OxmEntry.InPort((uint)(1 + (i % 4))), OxmEntry.EthDst(Mac(i))];

    private static FlowMod Flow(int i, ulong cookie)
    {
        var mod = Add(100, Key(i), OfpInstruction.ApplyActions(OfpAction.Output(2)));
        mod.Cookie = cookie;
        return mod;
    }
}
