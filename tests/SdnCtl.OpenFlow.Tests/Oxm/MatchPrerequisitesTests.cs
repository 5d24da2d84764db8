using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Tests.Oxm;

public sealed class MatchPrerequisitesTests
{
    private static readonly OxmEntry Ipv4 = OxmEntry.EthType(0x0800);
    private static readonly OxmEntry Ipv6 = OxmEntry.EthType(0x86dd);
    private static readonly OxmEntry Arp = OxmEntry.EthType(0x0806);

    public static TheoryData<string, OxmEntry[]> Satisfied() => new()
    {
        { "empty", [] },
        { "l2 only", [OxmEntry.InPort(1), OxmEntry.EthDst(2), OxmEntry.EthSrc(3), OxmEntry.EthType(0x1234), OxmEntry.VlanVid(10), OxmEntry.TunnelId(5)] },
        { "in_phy_port", [OxmEntry.InPort(1), new OxmEntry(OxmFieldId.InPhyPort, 1)] },
        { "vlan_pcp tagged", [OxmEntry.VlanVid(10), OxmEntry.VlanPcp(3)] },
        { "vlan_pcp any tag", [OxmEntry.VlanAnyTagged(), OxmEntry.VlanPcp(3)] },
        { "ipv4", [Ipv4, OxmEntry.Ipv4Src(0x0a000001), OxmEntry.Ipv4Dst(0x0a000000, 8), new OxmEntry(OxmFieldId.IpDscp, 1)] },
        { "tcp over ipv4", [Ipv4, OxmEntry.IpProto(6), OxmEntry.TcpSrc(1), OxmEntry.TcpDst(80)] },
        { "tcp over ipv6", [Ipv6, OxmEntry.IpProto(6), OxmEntry.TcpDst(80)] },
        { "udp", [Ipv4, OxmEntry.IpProto(17), OxmEntry.UdpDst(53)] },
        { "sctp", [Ipv6, OxmEntry.IpProto(132), new OxmEntry(OxmFieldId.SctpDst, 9)] },
        { "icmpv4", [Ipv4, OxmEntry.IpProto(1), new OxmEntry(OxmFieldId.Icmpv4Type, 8), new OxmEntry(OxmFieldId.Icmpv4Code, 0)] },
        { "arp", [Arp, new OxmEntry(OxmFieldId.ArpOp, 1), new OxmEntry(OxmFieldId.ArpSpa, 1), new OxmEntry(OxmFieldId.ArpTha, 2)] },
        { "ipv6", [Ipv6, new OxmEntry(OxmFieldId.Ipv6Src, 1), new OxmEntry(OxmFieldId.Ipv6Flabel, 1), new OxmEntry(OxmFieldId.Ipv6Exthdr, 1)] },
        { "nd target", [Ipv6, OxmEntry.IpProto(58), new OxmEntry(OxmFieldId.Icmpv6Type, 136), new OxmEntry(OxmFieldId.Ipv6NdTarget, 1), new OxmEntry(OxmFieldId.Ipv6NdTll, 1)] },
        { "nd sll", [Ipv6, OxmEntry.IpProto(58), new OxmEntry(OxmFieldId.Icmpv6Type, 135), new OxmEntry(OxmFieldId.Ipv6NdSll, 1)] },
        { "mpls", [OxmEntry.EthType(0x8848), new OxmEntry(OxmFieldId.MplsLabel, 1), new OxmEntry(OxmFieldId.MplsBos, 1)] },
        { "pbb", [OxmEntry.EthType(0x88e7), new OxmEntry(OxmFieldId.PbbIsid, 1)] },
        { "order is free", [OxmEntry.TcpDst(80), OxmEntry.IpProto(6), Ipv4] },
    };

    public static TheoryData<string, OxmEntry[], OxmFieldId> Missing() => new()
    {
        { "in_phy_port alone", [new OxmEntry(OxmFieldId.InPhyPort, 1)], OxmFieldId.InPhyPort },
        { "vlan_pcp without vid", [OxmEntry.VlanPcp(3)], OxmFieldId.VlanPcp },
        { "vlan_pcp untagged", [OxmEntry.VlanNone(), OxmEntry.VlanPcp(3)], OxmFieldId.VlanPcp },
        { "ipv4_src without eth_type", [OxmEntry.Ipv4Src(1)], OxmFieldId.Ipv4Src },
        { "ipv4_src over ipv6", [Ipv6, OxmEntry.Ipv4Src(1)], OxmFieldId.Ipv4Src },
        { "ip_proto over arp", [Arp, OxmEntry.IpProto(6)], OxmFieldId.IpProto },
        { "tcp without ip_proto", [Ipv4, OxmEntry.TcpDst(80)], OxmFieldId.TcpDst },
        { "tcp over udp", [Ipv4, OxmEntry.IpProto(17), OxmEntry.TcpDst(80)], OxmFieldId.TcpDst },
        { "tcp without eth_type", [OxmEntry.IpProto(6), OxmEntry.TcpDst(80)], OxmFieldId.IpProto },
        { "icmpv4 over ipv6", [Ipv6, OxmEntry.IpProto(1), new OxmEntry(OxmFieldId.Icmpv4Type, 8)], OxmFieldId.Icmpv4Type },
        { "arp_spa over ipv4", [Ipv4, new OxmEntry(OxmFieldId.ArpSpa, 1)], OxmFieldId.ArpSpa },
        { "ipv6_exthdr over ipv4", [Ipv4, new OxmEntry(OxmFieldId.Ipv6Exthdr, 1)], OxmFieldId.Ipv6Exthdr },
        { "icmpv6 over tcp", [Ipv6, OxmEntry.IpProto(6), new OxmEntry(OxmFieldId.Icmpv6Code, 0)], OxmFieldId.Icmpv6Code },
        { "nd_sll on advert", [Ipv6, OxmEntry.IpProto(58), new OxmEntry(OxmFieldId.Icmpv6Type, 136), new OxmEntry(OxmFieldId.Ipv6NdSll, 1)], OxmFieldId.Ipv6NdSll },
        { "nd_target without icmpv6_type", [Ipv6, OxmEntry.IpProto(58), new OxmEntry(OxmFieldId.Ipv6NdTarget, 1)], OxmFieldId.Ipv6NdTarget },
        { "mpls over ipv4", [Ipv4, new OxmEntry(OxmFieldId.MplsTc, 1)], OxmFieldId.MplsTc },
        { "pbb without eth_type", [new OxmEntry(OxmFieldId.PbbIsid, 1)], OxmFieldId.PbbIsid },
    };

    [Theory]
    [MemberData(nameof(Satisfied))]
    public void Check_PrerequisitesPresent_DoesNotThrow(string name, OxmEntry[] match)
    {
        Assert.True(MatchPrerequisites.TryCheck(match, out _, out _), name);
        MatchPrerequisites.Check(match);
    }

    [Theory]
    [MemberData(nameof(Missing))]
    public void Check_PrerequisiteMissing_ThrowsBadPrereq(string name, OxmEntry[] match, OxmFieldId failing)
    {
        var e = Assert.Throws<OfpProtocolException>(() => MatchPrerequisites.Check(match));
        Assert.Equal(OfpErrorType.BadMatch, e.ErrorType);
        Assert.Equal((ushort)BadMatchCode.BadPrereq, e.Code);
        Assert.False(MatchPrerequisites.TryCheck(match, out var field, out _), name);
        Assert.Equal(failing, field);
    }
}
