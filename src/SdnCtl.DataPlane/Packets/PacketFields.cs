using System.Runtime.CompilerServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// Every OXM field one frame carries, in the flat layout of <see cref="FlowKeyLayout"/>, with a
/// presence bit per <see cref="OxmFieldId"/> and the header offsets the rewriter needs. A plain
/// struct filled in place by <see cref="PacketParser"/>: parsing allocates nothing.
/// </summary>
public struct PacketFields
{
    /// <summary>The flow key words.</summary>
    public FlowKeyWords Words;

    /// <summary>Bit <c>1 &lt;&lt; (int)field</c> is set when the packet carries that field.</summary>
    public ulong Present;

    /// <summary>Offset of the (innermost) ethertype field, after any VLAN tags; -1 when the frame is shorter than an Ethernet header.</summary>
    public int EthTypeOffset;

    /// <summary>Offset of the first byte after the ethertype (MPLS, ARP, IP header, ...).</summary>
    public int L3Offset;

    /// <summary>Offset of the transport header (TCP/UDP/SCTP/ICMP), or -1.</summary>
    public int L4Offset;

    /// <summary>Number of VLAN tags (0x8100/0x88a8) before the ethertype.</summary>
    public int VlanTagCount;

    /// <summary>True when the packet is a non-first IP fragment (no transport header).</summary>
    public bool IsLaterFragment;

    /// <summary>True for any IP fragment (first or later): IPv4 MF or offset, or an IPv6 fragment header.</summary>
    public bool IsFragment;

    /// <summary>True when the field is present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Has(OxmFieldId field) => (Present & (1UL << (int)field)) != 0;

    /// <summary>The field's value in OXM form (zero when absent).</summary>
    public readonly UInt128 Get(OxmFieldId field) => FlowKeyLayout.Get(Words, field);

    /// <summary>Sets a field's value and marks it present (pipeline fields such as metadata and tunnel_id).</summary>
    public void Set(OxmFieldId field, UInt128 value)
    {
        FlowKeyLayout.Set(Words, field, value);
        Present |= 1UL << (int)field;
    }

    /// <summary>Ingress port.</summary>
    public readonly uint InPort => (uint)(Words[0] >> 32);

    /// <summary>eth_dst as a 48-bit number.</summary>
    public readonly ulong EthDst => Words[3] >> 16;

    /// <summary>eth_src as a 48-bit number.</summary>
    public readonly ulong EthSrc => Words[4] >> 16;

    /// <summary>eth_type after VLAN tags.</summary>
    public readonly ushort EthType => (ushort)Words[3];

    /// <summary>OXM vlan_vid: OFPVID_PRESENT | VID, or 0 when untagged.</summary>
    public readonly ushort VlanVid => (ushort)((Words[4] >> 3) & 0x1fff);

    /// <summary>ip_proto (IPv4 protocol or final IPv6 next header).</summary>
    public readonly byte IpProto => (byte)(Words[6] >> 56);

    /// <summary>IPv4 source (or ARP spa).</summary>
    public readonly uint Ipv4Src => (uint)(Words[5] >> 32);

    /// <summary>IPv4 destination (or ARP tpa).</summary>
    public readonly uint Ipv4Dst => (uint)Words[5];

    /// <summary>Transport source port (TCP/UDP/SCTP).</summary>
    public readonly ushort L4Src => (ushort)(Words[6] >> 32);

    /// <summary>Transport destination port (TCP/UDP/SCTP).</summary>
    public readonly ushort L4Dst => (ushort)(Words[6] >> 16);

    /// <summary>True for IPv4 packets.</summary>
    public readonly bool IsIpv4 => Has(OxmFieldId.Ipv4Src);

    /// <summary>True for IPv6 packets.</summary>
    public readonly bool IsIpv6 => Has(OxmFieldId.Ipv6Src);

    /// <summary>
    /// A hash of the 5-tuple (addresses, protocol, ports) or, for non-IP frames, of the MAC
    /// addresses: used by SELECT groups so that one flow always takes one bucket.
    /// </summary>
    public readonly ulong FlowHash()
    {
        ulong h;
        if (IsIpv4 || IsIpv6)
        {
            h = Mix(Words[5] ^ Words[11] ^ Words[12] ^ Words[13] ^ Words[14]);
            h = Mix(h ^ (Words[6] & 0xff00_ffff_ffff_0000UL));
        }
        else
        {
            h = Mix(Words[3] ^ (Words[4] >> 16));
        }

        return h;
    }

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
