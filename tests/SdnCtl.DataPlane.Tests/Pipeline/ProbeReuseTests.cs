using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// What the install path remembers between calls: the key hashed by <see cref="FlowTable.Prefetch"/>
/// or a strict find (and that probe's outcome), and the subtable found last. Each must give the same
/// answers as a table that remembers nothing when the next call is about another key, the table
/// changed in between, or the subtable it remembers has gone.
/// </summary>
public sealed class ProbeReuseTests
{
    [Fact]
    public void PrefetchOfOneKey_ThenFindAndAddOfAnother_GiveTheOtherKeysAnswers()
    {
        var table = NewTable();
        int a = AddEntry(table, 1, 100);
        var b = Match(2);

        table.Prefetch(Match(1));
        Assert.Equal(-1, table.FindExactId(b, 100));
        table.Prefetch(Match(1)); // the remembered key is now 1 again, the probe outcome was 2's
        int idB = AddEntry(table, 2, 100);

        Assert.Equal(a, table.FindExactId(Match(1), 100));
        Assert.Equal(idB, table.FindExactId(b, 100));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void FindThenRemoveOfTheSameKey_ThenAdd_ProbesAgain()
    {
        // Remove frees the slot the find found; an Add reusing that outcome would write into a free slot.
        var table = NewTable();
        int first = AddEntry(table, 1, 100);
        AddEntry(table, 3, 100);
        table.Prefetch(Match(1));
        Assert.Equal(first, table.FindExactId(Match(1), 100));
        table.Remove(first);
        Assert.Equal(-1, table.FindExactId(Match(1), 100));

        AddEntry(table, 5, 100); // takes the freed slot
        int again = AddEntry(table, 1, 100);

        Assert.Equal(again, table.FindExactId(Match(1), 100));
        Assert.Equal(3, table.Count);
        Assert.NotEqual(-1, table.FindExactId(Match(3), 100));
        Assert.NotEqual(-1, table.FindExactId(Match(5), 100));
    }

    [Fact]
    public void SameKeyAtTwoPriorities_SecondAddReusesTheSlotOfTheFind()
    {
        var table = NewTable();
        int low = AddEntry(table, 1, 100);
        Assert.Equal(-1, table.FindExactId(Match(1), 200));
        int high = AddEntry(table, 1, 200);

        Assert.Equal(low, table.FindExactId(Match(1), 100));
        Assert.Equal(high, table.FindExactId(Match(1), 200));
        Assert.Equal(1, table.SubtableCount);
    }

    [Fact]
    public void LastSubtableRemoved_ThenSameShapeAgain_UsesTheNewSubtable()
    {
        var table = NewTable();
        int id = AddEntry(table, 1, 100);
        table.Prefetch(Match(1));
        Assert.Equal(id, table.FindExactId(Match(1), 100));
        table.Remove(id); // the subtable empties and is released
        Assert.Equal(0, table.SubtableCount);
        Assert.Equal(-1, table.FindExactId(Match(1), 100));
        table.Prefetch(Match(2));

        int second = AddEntry(table, 2, 100);
        int third = AddEntry(table, 1, 100);

        Assert.Equal(1, table.SubtableCount);
        Assert.Equal(second, table.FindExactId(Match(2), 100));
        Assert.Equal(third, table.FindExactId(Match(1), 100));
    }

    [Fact]
    public void ManyAddsEachPrefetchedFirst_AcrossRehashes_AllFound()
    {
        var table = NewTable();
        var ids = new int[20_000];
        for (int i = 0; i < ids.Length; i++)
        {
            var m = Match(i);
            table.Prefetch(m);
            Assert.Equal(-1, table.FindExactId(m, 100));
            ids[i] = table.Add(m, 100, EntryInstructions.None, 0, (ulong)i, 0, 0, FlowModFlags.None);
        }

        for (int i = 0; i < ids.Length; i++)
        {
            Assert.Equal(ids[i], table.FindExactId(Match(i), 100));
        }

        Assert.Equal(ids.Length, table.Count);
    }

    private static FlowTable NewTable() => new SwitchPipeline(new PipelineOptions { TableCount = 1 }).Tables[0];

    private static FlowMatch Match(int i) => new([OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)i)]);

    private static int AddEntry(FlowTable table, int key, ushort priority) =>
        table.Add(Match(key), priority, EntryInstructions.None, 0, (ulong)key, 0, 0, FlowModFlags.None);
}
