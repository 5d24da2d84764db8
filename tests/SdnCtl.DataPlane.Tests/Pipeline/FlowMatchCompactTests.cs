using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// FlowMatch keeps only the masked value words and rebuilds its OXM fields on demand; flow entries
/// share identical action arrays. What stats and FLOW_REMOVED report must stay exactly what was
/// installed, and sharing must never hand one entry another's actions.
/// </summary>
public sealed class FlowMatchCompactTests
{
    public static TheoryData<OxmEntry[]> Matches => new()
    {
        Array.Empty<OxmEntry>(),
        new[] { OxmEntry.InPort(3), OxmEntry.EthDst(0x0200_0000_0001) },
        new[] { OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0A01_0200, 24), OxmEntry.IpProto(6), OxmEntry.TcpDst(80) },
        new[] { OxmEntry.EthType(0x86dd), new OxmEntry(OxmFieldId.Ipv6Src, UInt128.MaxValue - 5) },
        new[] { OxmEntry.EthDst(0x0100_0000_0000, 0x0100_0000_0000), OxmEntry.VlanAnyTagged() },
        // Sent with an explicit full mask: reported with the mask as sent, not as an exact match.
        new[] { new OxmEntry(OxmFieldId.EthType, 0x0800, 0xffff, true) },
        // Value bits outside the mask are reported as sent.
        new[] { new OxmEntry(OxmFieldId.Metadata, 0xff, 0x0f, true) },
        // Fields that share storage in the key (filters are not prerequisite-checked).
        new[] { OxmEntry.TcpDst(80), OxmEntry.UdpDst(53) },
        new[] { OxmEntry.IpProto(17), OxmEntry.EthType(0x0800), OxmEntry.InPort(1), OxmEntry.UdpDst(53), OxmEntry.Ipv4Src(0x0A00_0001), OxmEntry.Ipv4Dst(0x0A00_0002), OxmEntry.UdpSrc(1000) },
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Fields_AnyMatch_ReportsTheFieldsAsInstalledSortedById(OxmEntry[] fields)
    {
        var match = new FlowMatch(fields);

        Assert.Equal(fields.OrderBy(f => f.Field), match.Fields);
        Assert.Equal(fields.Length == 0, match.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Matches))]
    public void Equals_SameFieldsInAnotherOrder_EqualWithSameHash(OxmEntry[] fields)
    {
        var a = new FlowMatch(fields);
        var b = new FlowMatch([.. fields.Reverse()]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.IsSubsetOf(b) && b.IsSubsetOf(a));
        Assert.True(a.Overlaps(b));
    }

    [Fact]
    public void Value_WideMatch_HoldsEveryMaskedWord()
    {
        var fields = new[] { OxmEntry.EthType(0x86dd), new OxmEntry(OxmFieldId.Ipv6Src, UInt128.MaxValue - 5), new OxmEntry(OxmFieldId.Ipv6Dst, 7), OxmEntry.IpProto(6), OxmEntry.TcpDst(22) };
        var match = new FlowMatch(fields);

        var mask = match.Mask.ToArray();
        var value = match.Value.ToArray();
        Assert.True(mask.Count(m => m != 0) > 4, "the match must need more words than are kept inline");
        Assert.All(Enumerable.Range(0, mask.Length), i => Assert.Equal(0UL, value[i] & ~mask[i]));
        Assert.Equal(fields.OrderBy(f => f.Field), match.Fields);
        Assert.NotEqual(match, new FlowMatch([.. fields[..^1], OxmEntry.TcpDst(23)]));
    }

    [Fact]
    public void Overlaps_DisjointValueInASharedWord_False()
    {
        var a = new FlowMatch([OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0001)]);
        var b = new FlowMatch([OxmEntry.EthDst(0x0200_0000_0002)]);
        var c = new FlowMatch([OxmEntry.EthDst(0x0200_0000_0001)]);

        Assert.False(a.Overlaps(b));
        Assert.False(b.Overlaps(a));
        Assert.True(a.Overlaps(c));
        Assert.True(a.IsSubsetOf(c));
        Assert.False(c.IsSubsetOf(a));
    }

    [Fact]
    public void ApplyFlowMod_SameActionsOnManyEntries_EachReportsItsOwnActions()
    {
        var p = Flows.PipelineWithPorts(tables: 1);
        for (uint i = 0; i < 5000; i++)
        {
            uint port = 1 + (i % 4);
            var actions = i % 2 == 0
                ? new[] { OfpAction.Output(port) }
                : new[] { OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)(1 + (i % 4000))), OfpAction.Output(port) };
            Flows.Ok(p.ApplyFlowMod(Flows.Add(10, Flows.Match(OxmEntry.EthDst(0x0200_0000_0000UL | i)), Flows.Apply(actions))));
        }

        foreach (var e in p.Tables[0].Entries)
        {
            uint i = (uint)((ulong)e.Match.Fields.Single().Value & 0xffff_ffff);
            uint port = 1 + (i % 4);
            OfpAction[] expected = i % 2 == 0
                ? [OfpAction.Output(port)]
                : [OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)(1 + (i % 4000))), OfpAction.Output(port)];
            Assert.Equal(expected, Assert.Single(e.Instructions).Actions);
        }
    }
}
