using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// Entries with equal instructions share one pre-split instruction set; changing one entry's
/// instructions (MODIFY) must never change another's, and the order given must come back.
/// </summary>
public sealed class EntryInstructionsSharingTests
{
    [Fact]
    public void ModifyStrict_OneOfTwoEntriesWithEqualInstructions_OnlyThatOneChanges()
    {
        var p = Flows.PipelineWithPorts();
        OfpInstruction[] Same() =>
        [
            OfpInstruction.WriteMetadata(0x42, 0xff),
            Flows.Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid(7), OfpAction.Output(2)),
            OfpInstruction.GotoTable(3),
        ];
        Flows.Ok(p.ApplyFlowMod(Flows.Add(10, Flows.Match(OxmEntry.InPort(1)), Same())));
        Flows.Ok(p.ApplyFlowMod(Flows.Add(10, Flows.Match(OxmEntry.InPort(2)), Same())));

        var modify = Flows.Add(10, Flows.Match(OxmEntry.InPort(1)), Flows.Out(3));
        modify.Command = FlowModCommand.ModifyStrict;
        Flows.Ok(p.ApplyFlowMod(modify));

        var one = p.Tables[0].Entries.Single(e => e.Match.Fields[0].Value == 1);
        var two = p.Tables[0].Entries.Single(e => e.Match.Fields[0].Value == 2);
        Assert.Equal([OfpAction.Output(3)], Assert.Single(one.Instructions).Actions);
        Assert.Equal(
            [OfpInstructionType.WriteMetadata, OfpInstructionType.ApplyActions, OfpInstructionType.GotoTable],
            two.Instructions.Select(i => i.Type));
        Assert.Equal(0x42UL, two.Instructions[0].Metadata);
        Assert.Equal(0xffUL, two.Instructions[0].MetadataMask);
        Assert.Equal([OfpAction.PushVlan(), OfpAction.SetVlanVid(7), OfpAction.Output(2)], two.Instructions[1].Actions);
        Assert.Equal(3, two.Instructions[2].TableId);
    }

    [Fact]
    public void Add_SameActionsDifferentGotoOrMetadata_EachKeepsItsOwn()
    {
        var p = Flows.PipelineWithPorts();
        for (byte t = 1; t <= 5; t++)
        {
            Flows.Ok(p.ApplyFlowMod(Flows.Add(10, Flows.Match(OxmEntry.InPort(t)), OfpInstruction.WriteMetadata(t), Flows.Out(1), OfpInstruction.GotoTable(t))));
        }

        foreach (var e in p.Tables[0].Entries)
        {
            ulong port = (ulong)e.Match.Fields[0].Value;
            Assert.Equal(port, e.Instructions[0].Metadata);
            Assert.Equal((byte)port, e.Instructions[2].TableId);
        }
    }

    [Fact]
    public void From_ThousandsOfDistinctVlanPushSetsSeenAgain_MostComeBackShared()
    {
        // The bench's third flow shape: 4,094 VLAN ids x 2 ports. A second pass (the next switch on the
        // same thread) should find nearly every set the first pass made, not allocate it again.
        const int distinct = 8188;
        var first = new object[distinct];
        for (int pass = 0; pass < 2; pass++)
        {
            int shared = 0;
            for (int i = 0; i < distinct; i++)
            {
                var set = EntryInstructions.From([Flows.Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)(1 + (i % 4094))), OfpAction.Output((uint)(1 + (i / 4094))))]);
                if (pass == 0)
                {
                    first[i] = set;
                }
                else if (ReferenceEquals(first[i], set))
                {
                    shared++;
                }
            }

            if (pass == 1)
            {
                // 4-way sets of 32k slots in both caches: nearly all survive (a direct-mapped 1k cache kept none).
                Assert.InRange(shared, distinct * 9 / 10, distinct);
            }
        }
    }

    [Fact]
    public void From_RepeatedSetsBetweenOthers_ReturnsTheSameInstanceEachTime()
    {
        OfpInstruction[] Vlan(ushort vid, uint port) => [Flows.Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid(vid), OfpAction.Output(port))];
        var first = EntryInstructions.From([Flows.Out(2)]);
        for (ushort vid = 1; vid < 500; vid++)
        {
            _ = EntryInstructions.From(Vlan(vid, 3));
            Assert.Same(first, EntryInstructions.From([Flows.Out(2)]));
        }

        Assert.Same(EntryInstructions.From(Vlan(7, 3)), EntryInstructions.From(Vlan(7, 3)));
    }

    [Fact]
    public void From_SetsDifferingInOneValueOrInOrder_AreNeverConfused()
    {
        OfpInstruction[][] sets =
        [
            [Flows.Out(1)],
            [Flows.Out(2)],
            [OfpInstruction.WriteActions(OfpAction.Output(1))],
            [Flows.Out(1), OfpInstruction.GotoTable(2)],
            [Flows.Out(1), OfpInstruction.GotoTable(3)],
            [OfpInstruction.GotoTable(2), Flows.Out(1)],
            [OfpInstruction.WriteMetadata(1, 0xff), Flows.Out(1)],
            [OfpInstruction.WriteMetadata(1, 0xf0), Flows.Out(1)],
            [OfpInstruction.ClearActions(), Flows.Out(1)],
            [Flows.Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid(5), OfpAction.Output(1))],
            [Flows.Apply(OfpAction.PushVlan(), OfpAction.SetVlanVid(6), OfpAction.Output(1))],
            [Flows.Apply()],
            [],
        ];

        // Twice over, so that the second pass is served by the caches.
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var set in sets)
            {
                var built = EntryInstructions.From(set).Build();
                Assert.Equal(set.Select(i => i.Type), built.Select(i => i.Type));
                Assert.Equal(set, built);
            }
        }
    }
}
