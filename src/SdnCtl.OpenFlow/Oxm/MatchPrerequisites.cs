using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Oxm;

/// <summary>
/// OXM prerequisites (spec 7.2.3.6 and table 12): a field may only be matched when the match
/// also pins down the protocol it belongs to, e.g. tcp_dst needs ip_proto = 6, which in turn
/// needs eth_type = 0x0800 or 0x86dd. Not checked by the decoder — the switch calls this for the
/// matches it installs.
/// </summary>
/// <remarks>
/// Presence and values are checked; the order of the TLVs is not (like Open vSwitch), so a
/// controller that lists ip_proto before eth_type is accepted.
/// </remarks>
public static class MatchPrerequisites
{
    private const ushort EthTypeIpv4 = 0x0800;
    private const ushort EthTypeArp = 0x0806;
    private const ushort EthTypeIpv6 = 0x86dd;
    private const ushort EthTypeMpls = 0x8847;
    private const ushort EthTypeMplsMulticast = 0x8848;
    private const ushort EthTypePbb = 0x88e7;
    private const byte IpProtoIcmp = 1;
    private const byte IpProtoTcp = 6;
    private const byte IpProtoUdp = 17;
    private const byte IpProtoIcmpv6 = 58;
    private const byte IpProtoSctp = 132;
    private const byte NdSolicit = 135;
    private const byte NdAdvert = 136;

    /// <summary>Throws OFPET_BAD_MATCH / OFPBMC_BAD_PREREQ when a field's prerequisite is missing.</summary>
    /// <exception cref="OfpProtocolException">A prerequisite is not met.</exception>
    public static void Check(ReadOnlySpan<OxmEntry> match)
    {
        if (!TryCheck(match, out var field, out string? reason))
        {
            OfpProtocolException.ThrowBadMatch(BadMatchCode.BadPrereq, $"{field} requires {reason}");
        }
    }

    /// <summary>Like <see cref="Check"/> but returns the first field whose prerequisite is missing.</summary>
    public static bool TryCheck(ReadOnlySpan<OxmEntry> match, out OxmFieldId failedField, out string? requirement)
    {
        foreach (ref readonly var e in match)
        {
            string? missing = Missing(match, e.Field);
            if (missing is not null)
            {
                failedField = e.Field;
                requirement = missing;
                return false;
            }
        }

        failedField = default;
        requirement = null;
        return true;
    }

    // Returns a description of the unmet prerequisite of `field`, or null when it is met.
    // Prerequisites chain: each level is checked through the field it depends on.
    private static string? Missing(ReadOnlySpan<OxmEntry> match, OxmFieldId field) => field switch
    {
        OxmFieldId.InPhyPort => Has(match, OxmFieldId.InPort) ? null : "in_port",
        OxmFieldId.VlanPcp => VlanTagged(match) ? null : "vlan_vid != OFPVID_NONE",
        OxmFieldId.IpDscp or OxmFieldId.IpEcn or OxmFieldId.IpProto =>
            EthTypeIs(match, EthTypeIpv4) || EthTypeIs(match, EthTypeIpv6) ? null : "eth_type 0x0800 or 0x86dd",
        OxmFieldId.Ipv4Src or OxmFieldId.Ipv4Dst => EthTypeIs(match, EthTypeIpv4) ? null : "eth_type 0x0800",
        OxmFieldId.TcpSrc or OxmFieldId.TcpDst => IpProto(match, IpProtoTcp, "ip_proto 6"),
        OxmFieldId.UdpSrc or OxmFieldId.UdpDst => IpProto(match, IpProtoUdp, "ip_proto 17"),
        OxmFieldId.SctpSrc or OxmFieldId.SctpDst => IpProto(match, IpProtoSctp, "ip_proto 132"),
        OxmFieldId.Icmpv4Type or OxmFieldId.Icmpv4Code =>
            EthTypeIs(match, EthTypeIpv4) && ExactIs(match, OxmFieldId.IpProto, IpProtoIcmp) ? null : "eth_type 0x0800 and ip_proto 1",
        OxmFieldId.ArpOp or OxmFieldId.ArpSpa or OxmFieldId.ArpTpa or OxmFieldId.ArpSha or OxmFieldId.ArpTha =>
            EthTypeIs(match, EthTypeArp) ? null : "eth_type 0x0806",
        OxmFieldId.Ipv6Src or OxmFieldId.Ipv6Dst or OxmFieldId.Ipv6Flabel or OxmFieldId.Ipv6Exthdr =>
            EthTypeIs(match, EthTypeIpv6) ? null : "eth_type 0x86dd",
        OxmFieldId.Icmpv6Type or OxmFieldId.Icmpv6Code =>
            EthTypeIs(match, EthTypeIpv6) && ExactIs(match, OxmFieldId.IpProto, IpProtoIcmpv6) ? null : "eth_type 0x86dd and ip_proto 58",
        OxmFieldId.Ipv6NdTarget => Icmpv6Nd(match, NdSolicit, NdAdvert) ? null : "icmpv6_type 135 or 136",
        OxmFieldId.Ipv6NdSll => Icmpv6Nd(match, NdSolicit, NdSolicit) ? null : "icmpv6_type 135",
        OxmFieldId.Ipv6NdTll => Icmpv6Nd(match, NdAdvert, NdAdvert) ? null : "icmpv6_type 136",
        OxmFieldId.MplsLabel or OxmFieldId.MplsTc or OxmFieldId.MplsBos =>
            EthTypeIs(match, EthTypeMpls) || EthTypeIs(match, EthTypeMplsMulticast) ? null : "eth_type 0x8847 or 0x8848",
        OxmFieldId.PbbIsid => EthTypeIs(match, EthTypePbb) ? null : "eth_type 0x88e7",
        _ => null,
    };

    private static string? IpProto(ReadOnlySpan<OxmEntry> match, byte proto, string what) =>
        (EthTypeIs(match, EthTypeIpv4) || EthTypeIs(match, EthTypeIpv6)) && ExactIs(match, OxmFieldId.IpProto, proto)
            ? null
            : $"eth_type 0x0800 or 0x86dd and {what}";

    private static bool Icmpv6Nd(ReadOnlySpan<OxmEntry> match, byte typeA, byte typeB) =>
        EthTypeIs(match, EthTypeIpv6) && ExactIs(match, OxmFieldId.IpProto, IpProtoIcmpv6) &&
        (ExactIs(match, OxmFieldId.Icmpv6Type, typeA) || ExactIs(match, OxmFieldId.Icmpv6Type, typeB));

    private static bool EthTypeIs(ReadOnlySpan<OxmEntry> match, ushort ethType) => ExactIs(match, OxmFieldId.EthType, ethType);

    // vlan_pcp needs a tag: vlan_vid present with OFPVID_PRESENT both matched and set.
    private static bool VlanTagged(ReadOnlySpan<OxmEntry> match)
    {
        foreach (ref readonly var e in match)
        {
            if (e.Field == OxmFieldId.VlanVid)
            {
                return (e.EffectiveMask & OfpConstants.VlanPresent) != 0 && (e.Value & OfpConstants.VlanPresent) != 0;
            }
        }

        return false;
    }

    private static bool Has(ReadOnlySpan<OxmEntry> match, OxmFieldId field)
    {
        foreach (ref readonly var e in match)
        {
            if (e.Field == field)
            {
                return true;
            }
        }

        return false;
    }

    // A prerequisite value must be matched exactly (an all-ones mask), not just overlap.
    private static bool ExactIs(ReadOnlySpan<OxmEntry> match, OxmFieldId field, UInt128 value)
    {
        foreach (ref readonly var e in match)
        {
            if (e.Field == field)
            {
                return e.Value == value && e.EffectiveMask == OxmFields.FullMask(field);
            }
        }

        return false;
    }
}
