using System.Buffers.Binary;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Packets;

public sealed class PacketParserTests
{
    [Fact]
    public void Parse_UdpFrame_ExtractsL2L3L4()
    {
        PacketParser.Parse(Net.UdpAtoB(1000, 2000), 3, out var f);
        Assert.Equal(3u, f.InPort);
        Assert.Equal(Net.MacA, f.EthSrc);
        Assert.Equal(Net.MacB, f.EthDst);
        Assert.Equal(EtherTypes.Ipv4, f.EthType);
        Assert.Equal(0, f.VlanVid);
        Assert.Equal(IpProtocols.Udp, f.IpProto);
        Assert.Equal(Net.IpA, f.Ipv4Src);
        Assert.Equal(Net.IpB, f.Ipv4Dst);
        Assert.True(f.Has(OxmFieldId.UdpSrc));
        Assert.False(f.Has(OxmFieldId.TcpSrc));
        Assert.Equal((UInt128)1000, f.Get(OxmFieldId.UdpSrc));
        Assert.Equal((UInt128)2000, f.Get(OxmFieldId.UdpDst));
        Assert.Equal(14, f.L3Offset);
        Assert.Equal(34, f.L4Offset);
    }

    [Fact]
    public void Parse_TaggedFrame_ReportsOutermostVlanAndInnerEthType()
    {
        var frame = FrameBuilder.Tcp(new L2Header(Net.MacA, Net.MacB, VlanVid: 42, VlanPcp: 3), Net.IpA, Net.IpB, 1, 22, TcpFlags.Syn);
        PacketParser.Parse(frame, 1, out var f);
        Assert.Equal(OfpConstants.VlanPresent | 42, f.VlanVid);
        Assert.Equal((UInt128)3, f.Get(OxmFieldId.VlanPcp));
        Assert.Equal(EtherTypes.Ipv4, f.EthType);
        Assert.Equal((UInt128)22, f.Get(OxmFieldId.TcpDst));
        Assert.Equal(1, f.VlanTagCount);
    }

    [Fact]
    public void Parse_QinQ_UsesOuterServiceTag()
    {
        var inner = FrameBuilder.Udp(new L2Header(Net.MacA, Net.MacB, VlanVid: 10), Net.IpA, Net.IpB, 1, 2);
        using var buf = new PacketBuffer(inner);
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.PushVlan(buf, ref f, EtherTypes.QinQ);
        PacketRewriter.SetField(buf, ref f, OxmEntry.VlanVid(200));
        PacketParser.Parse(buf.Span, 1, out var g);
        Assert.Equal(2, g.VlanTagCount);
        Assert.Equal(OfpConstants.VlanPresent | 200, g.VlanVid);
        Assert.Equal(EtherTypes.QinQ, BinaryPrimitives.ReadUInt16BigEndian(buf.Span[12..]));
        Assert.Equal(EtherTypes.Ipv4, g.EthType);
    }

    [Fact]
    public void Parse_Arp_ExtractsArpFields()
    {
        PacketParser.Parse(FrameBuilder.ArpRequest(Net.MacA, Net.IpA, Net.IpB), 1, out var f);
        Assert.Equal((UInt128)1, f.Get(OxmFieldId.ArpOp));
        Assert.Equal((UInt128)Net.IpA, f.Get(OxmFieldId.ArpSpa));
        Assert.Equal((UInt128)Net.IpB, f.Get(OxmFieldId.ArpTpa));
        Assert.Equal((UInt128)Net.MacA, f.Get(OxmFieldId.ArpSha));
        Assert.False(f.Has(OxmFieldId.Ipv4Src));
    }

    [Fact]
    public void Parse_Icmp_ExtractsTypeAndCode()
    {
        PacketParser.Parse(Net.PingAtoB(), 1, out var f);
        Assert.Equal((UInt128)8, f.Get(OxmFieldId.Icmpv4Type));
        Assert.Equal((UInt128)0, f.Get(OxmFieldId.Icmpv4Code));
        Assert.Equal(IpProtocols.Icmp, f.IpProto);
    }

    [Fact]
    public void Parse_NeighborSolicitation_ExtractsTargetAndSourceLinkLayer()
    {
        var src = new UInt128(0xfe80_0000_0000_0000UL, 1);
        var target = new UInt128(0xfe80_0000_0000_0000UL, 2);
        PacketParser.Parse(FrameBuilder.NeighborSolicitation(Net.MacA, src, target), 1, out var f);
        Assert.True(f.IsIpv6);
        Assert.Equal(src, f.Get(OxmFieldId.Ipv6Src));
        Assert.Equal(IpProtocols.Icmpv6, f.IpProto);
        Assert.Equal((UInt128)135, f.Get(OxmFieldId.Icmpv6Type));
        Assert.Equal(target, f.Get(OxmFieldId.Ipv6NdTarget));
        Assert.Equal((UInt128)Net.MacA, f.Get(OxmFieldId.Ipv6NdSll));
        Assert.True(f.Has(OxmFieldId.Ipv6Exthdr));
        Assert.Equal((UInt128)0, f.Get(OxmFieldId.Ipv6Exthdr));
    }

    [Fact]
    public void Parse_Mpls_ExtractsOutermostLabel()
    {
        using var buf = new PacketBuffer(Net.UdpAtoB());
        PacketParser.Parse(buf.Span, 1, out var f);
        PacketRewriter.PushMpls(buf, ref f, EtherTypes.Mpls);
        PacketRewriter.SetField(buf, ref f, new OxmEntry(OxmFieldId.MplsLabel, 1234));
        PacketParser.Parse(buf.Span, 1, out var g);
        Assert.Equal(EtherTypes.Mpls, g.EthType);
        Assert.Equal((UInt128)1234, g.Get(OxmFieldId.MplsLabel));
        Assert.Equal((UInt128)1, g.Get(OxmFieldId.MplsBos));
        Assert.False(g.Has(OxmFieldId.Ipv4Src));
    }

    [Fact]
    public void Parse_RuntFrame_HasOnlyPipelineFields()
    {
        PacketParser.Parse(new byte[10], 5, out var f);
        Assert.Equal(5u, f.InPort);
        Assert.False(f.Has(OxmFieldId.EthDst));
        Assert.True(f.Has(OxmFieldId.Metadata));
    }

    [Fact]
    public void Parse_TruncatedTcp_StopsAtIp()
    {
        var frame = Net.TcpAtoB();
        PacketParser.Parse(frame.AsSpan(0, 14 + 20 + 10), 1, out var f);
        Assert.True(f.IsIpv4);
        Assert.False(f.Has(OxmFieldId.TcpSrc));
    }

    [Fact]
    public void FlowKeyLayout_SetThenGet_RoundTripsEveryField()
    {
        var rnd = new Random(1);
        Span<ulong> words = stackalloc ulong[FlowKeyLayout.WordCount];
        for (int i = 0; i < OxmFields.Count; i++)
        {
            var field = (OxmFieldId)i;
            var value = RandomValue(rnd) & OxmFields.FullMask(field);
            words.Clear();
            FlowKeyLayout.Set(words, field, value);
            Assert.Equal(value, FlowKeyLayout.Get(words, field));
        }
    }

    [Fact]
    public void FlowKeyLayout_FieldsThatCanCoexist_DoNotShareBits()
    {
        // Fields of one packet must not overlap in the key; only mutually exclusive ones may.
        var exclusive = new[]
        {
            new[] { OxmFieldId.TcpSrc, OxmFieldId.UdpSrc, OxmFieldId.SctpSrc },
            [OxmFieldId.TcpDst, OxmFieldId.UdpDst, OxmFieldId.SctpDst],
            [OxmFieldId.Icmpv4Type, OxmFieldId.Icmpv6Type],
            [OxmFieldId.Icmpv4Code, OxmFieldId.Icmpv6Code],
            [OxmFieldId.Ipv4Src, OxmFieldId.ArpSpa],
            [OxmFieldId.Ipv4Dst, OxmFieldId.ArpTpa],
            [OxmFieldId.ArpSha, OxmFieldId.Ipv6NdSll],
            [OxmFieldId.ArpTha, OxmFieldId.Ipv6NdTll],
        };
        Span<ulong> a = stackalloc ulong[FlowKeyLayout.WordCount];
        Span<ulong> b = stackalloc ulong[FlowKeyLayout.WordCount];
        for (int i = 0; i < OxmFields.Count; i++)
        {
            for (int j = i + 1; j < OxmFields.Count; j++)
            {
                var fi = (OxmFieldId)i;
                var fj = (OxmFieldId)j;
                if (exclusive.Any(set => set.Contains(fi) && set.Contains(fj)))
                {
                    continue;
                }

                a.Clear();
                b.Clear();
                FlowKeyLayout.Set(a, fi, OxmFields.FullMask(fi));
                FlowKeyLayout.Set(b, fj, OxmFields.FullMask(fj));
                for (int w = 0; w < FlowKeyLayout.WordCount; w++)
                {
                    Assert.True((a[w] & b[w]) == 0, $"{fi} and {fj} share bits in word {w}");
                }
            }
        }
    }

    private static UInt128 RandomValue(Random rnd) => new((ulong)rnd.NextInt64(), (ulong)rnd.NextInt64());
}
