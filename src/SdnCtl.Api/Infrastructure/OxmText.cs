using System.Globalization;
using System.Net;
using System.Numerics;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Api.Infrastructure;

/// <summary>
/// OXM fields in readable JSON, named as Open vSwitch and Ryu name them (<c>eth_dst</c>,
/// <c>ipv4_src</c>, …): MACs as <c>aa:bb:…</c>, IPv4/IPv6 as addresses with a <c>/prefix</c> when the
/// mask is a prefix, ports and small fields as numbers, vlan_vid as the VID (or "none"/"present").
/// </summary>
internal static class OxmText
{
    private static readonly string[] Names =
    [
        "in_port", "in_phy_port", "metadata", "eth_dst", "eth_src", "eth_type", "vlan_vid", "vlan_pcp", "ip_dscp", "ip_ecn",
        "ip_proto", "ipv4_src", "ipv4_dst", "tcp_src", "tcp_dst", "udp_src", "udp_dst", "sctp_src", "sctp_dst", "icmpv4_type",
        "icmpv4_code", "arp_op", "arp_spa", "arp_tpa", "arp_sha", "arp_tha", "ipv6_src", "ipv6_dst", "ipv6_flabel", "icmpv6_type",
        "icmpv6_code", "ipv6_nd_target", "ipv6_nd_sll", "ipv6_nd_tll", "mpls_label", "mpls_tc", "mpls_bos", "pbb_isid", "tunnel_id", "ipv6_exthdr",
    ];

    public static string Name(OxmFieldId field) => Names[(int)field];

    public static bool TryParseName(string name, out OxmFieldId field)
    {
        int i = Array.IndexOf(Names, name);
        field = (OxmFieldId)Math.Max(i, 0);
        return i >= 0;
    }

    /// <summary>A JSON-friendly value: a number for plain numeric fields, else a string.</summary>
    public static object Value(in OxmEntry entry)
    {
        switch (entry.Field)
        {
            case OxmFieldId.EthDst or OxmFieldId.EthSrc or OxmFieldId.ArpSha or OxmFieldId.ArpTha or OxmFieldId.Ipv6NdSll or OxmFieldId.Ipv6NdTll:
                return entry.HasMask ? $"{Mac((ulong)entry.Value)}/{Mac((ulong)entry.Mask)}" : Mac((ulong)entry.Value);
            case OxmFieldId.Ipv4Src or OxmFieldId.Ipv4Dst or OxmFieldId.ArpSpa or OxmFieldId.ArpTpa:
                return Ipv4((uint)entry.Value, entry.HasMask ? (uint)entry.Mask : uint.MaxValue);
            case OxmFieldId.Ipv6Src or OxmFieldId.Ipv6Dst or OxmFieldId.Ipv6NdTarget:
                return Ipv6(entry.Value, entry.HasMask ? entry.Mask : UInt128.MaxValue);
            case OxmFieldId.VlanVid:
                if (!entry.HasMask && entry.Value == OfpConstants.VlanNone)
                {
                    return "none";
                }

                if (entry.HasMask && entry.Mask == OfpConstants.VlanPresent && entry.Value == OfpConstants.VlanPresent)
                {
                    return "present";
                }

                return entry.HasMask ? Hex(entry) : (long)(ushort)((ushort)entry.Value & 0x0fff);
            default:
                if (entry.HasMask)
                {
                    return Hex(entry);
                }

                return OxmFields.Width(entry.Field) <= 4 ? (long)(ulong)entry.Value : "0x" + ((ulong)entry.Value).ToString("x", CultureInfo.InvariantCulture);
        }
    }

    public static string Mac(ulong mac) => MacFormat.Format(mac);

    private static string Hex(in OxmEntry e) =>
        $"0x{e.Value.ToString("x", CultureInfo.InvariantCulture)}/0x{e.Mask.ToString("x", CultureInfo.InvariantCulture)}";

    private static string Ipv4(uint value, uint mask)
    {
        var address = new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]).ToString();
        if (mask == uint.MaxValue)
        {
            return address;
        }

        int prefix = BitOperations.PopCount(mask);
        bool isPrefix = mask == (prefix == 0 ? 0u : uint.MaxValue << (32 - prefix));
        if (isPrefix)
        {
            return $"{address}/{prefix}";
        }

        return $"{address}/{new IPAddress([(byte)(mask >> 24), (byte)(mask >> 16), (byte)(mask >> 8), (byte)mask])}";
    }

    private static string Ipv6(UInt128 value, UInt128 mask)
    {
        Span<byte> bytes = stackalloc byte[16];
        OxmCodec.WriteValue(bytes, value);
        var address = new IPAddress(bytes).ToString();
        if (mask == UInt128.MaxValue)
        {
            return address;
        }

        int prefix = (int)UInt128.PopCount(mask);
        return $"{address}/{prefix}";
    }
}
