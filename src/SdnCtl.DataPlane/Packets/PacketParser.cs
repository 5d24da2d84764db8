using System.Buffers.Binary;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// Extracts the OXM fields of an Ethernet frame into <see cref="PacketFields"/> (spec 7.2.3.7,
/// table 12). Truncated headers simply stop the walk: a field is present only if all of its bytes
/// are in the frame, exactly as a real switch treats a runt.
/// </summary>
public static class PacketParser
{
    // OFPIEH_* flags of ipv6_exthdr (spec 7.2.3.8).
    private const ushort IehNoNext = 1 << 0;
    private const ushort IehEsp = 1 << 1;
    private const ushort IehAuth = 1 << 2;
    private const ushort IehDest = 1 << 3;
    private const ushort IehFrag = 1 << 4;
    private const ushort IehRouter = 1 << 5;
    private const ushort IehHop = 1 << 6;
    private const ushort IehUnrep = 1 << 7;
    private const ushort IehUnseq = 1 << 8;

    private const int EthHeaderSize = 14;

    /// <summary>
    /// Parses <paramref name="frame"/> received on <paramref name="inPort"/>. Pipeline fields
    /// (metadata, tunnel_id) are set by the caller afterwards.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> frame, uint inPort, out PacketFields fields)
    {
        fields = default;
        fields.EthTypeOffset = -1;
        fields.L3Offset = -1;
        fields.L4Offset = -1;
        ref var w = ref fields.Words;
        FlowKeyLayout.Put(ref w, OxmFieldId.InPort, inPort);
        FlowKeyLayout.Put(ref w, OxmFieldId.InPhyPort, inPort);
        // metadata and tunnel_id always exist in the pipeline (zero unless set), so matching them needs no prerequisite.
        ulong present = Bit(OxmFieldId.InPort) | Bit(OxmFieldId.InPhyPort) | Bit(OxmFieldId.Metadata) | Bit(OxmFieldId.TunnelId);
        if (frame.Length < EthHeaderSize)
        {
            fields.Present = present;
            return;
        }

        /* Ethernet II: dst(6) src(6) type(2); 802.1Q tag: TPID(2) PCP(3) DEI(1) VID(12). */
        FlowKeyLayout.Put(ref w, OxmFieldId.EthDst, ReadMac(frame));
        FlowKeyLayout.Put(ref w, OxmFieldId.EthSrc, ReadMac(frame[6..]));
        present |= Bit(OxmFieldId.EthDst) | Bit(OxmFieldId.EthSrc) | Bit(OxmFieldId.EthType) | Bit(OxmFieldId.VlanVid);
        int off = 12;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[off..]);
        while (EtherTypes.IsVlanTpid(type) && off + 6 <= frame.Length)
        {
            ushort tci = BinaryPrimitives.ReadUInt16BigEndian(frame[(off + 2)..]);
            if (fields.VlanTagCount == 0)
            {
                FlowKeyLayout.Put(ref w, OxmFieldId.VlanVid, (ulong)(OfpConstants.VlanPresent | (tci & 0x0fff)));
                FlowKeyLayout.Put(ref w, OxmFieldId.VlanPcp, (ulong)(tci >> 13));
                present |= Bit(OxmFieldId.VlanPcp);
            }

            fields.VlanTagCount++;
            off += 4;
            type = BinaryPrimitives.ReadUInt16BigEndian(frame[off..]);
        }

        fields.EthTypeOffset = off;
        FlowKeyLayout.Put(ref w, OxmFieldId.EthType, type);
        int l3 = off + 2;
        fields.L3Offset = l3;
        var payload = frame[l3..];
        switch (type)
        {
            case EtherTypes.Ipv4:
                present |= ParseIpv4(payload, l3, ref fields);
                break;
            case EtherTypes.Ipv6:
                present |= ParseIpv6(payload, l3, ref fields);
                break;
            case EtherTypes.Arp:
                present |= ParseArp(payload, ref w);
                break;
            case EtherTypes.Mpls:
            case EtherTypes.MplsMulticast:
                /* MPLS label stack entry: label(20) tc(3) bos(1) ttl(8); only the outermost is matchable. */
                if (payload.Length >= 4)
                {
                    uint lse = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    FlowKeyLayout.Put(ref w, OxmFieldId.MplsLabel, lse >> 12);
                    FlowKeyLayout.Put(ref w, OxmFieldId.MplsTc, (lse >> 9) & 7);
                    FlowKeyLayout.Put(ref w, OxmFieldId.MplsBos, (lse >> 8) & 1);
                    present |= Bit(OxmFieldId.MplsLabel) | Bit(OxmFieldId.MplsTc) | Bit(OxmFieldId.MplsBos);
                }

                break;
            case EtherTypes.Pbb:
                /* 802.1ah I-TAG: PCP(3) DEI(1) UCA(1) res(3) I-SID(24), then the customer frame. */
                if (payload.Length >= 4)
                {
                    FlowKeyLayout.Put(ref w, OxmFieldId.PbbIsid, BinaryPrimitives.ReadUInt32BigEndian(payload) & 0xffffff);
                    present |= Bit(OxmFieldId.PbbIsid);
                }

                break;
            default:
                break;
        }

        fields.Present = present;
    }

    /// <summary>Reads a 6-byte MAC as a 48-bit big-endian number.</summary>
    public static ulong ReadMac(ReadOnlySpan<byte> src) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(src) << 32) | BinaryPrimitives.ReadUInt32BigEndian(src[2..]);

    /// <summary>Writes a 48-bit MAC number as 6 bytes.</summary>
    public static void WriteMac(Span<byte> dest, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(dest[2..], (uint)mac);
    }

    private static ulong Bit(OxmFieldId f) => 1UL << (int)f;

    /*
     * RFC 791: ver/ihl(1) tos(1) total_len(2) id(2) flags/frag(2) ttl(1) proto(1) csum(2) src(4) dst(4) [options]
     */
    private static ulong ParseIpv4(ReadOnlySpan<byte> ip, int l3, ref PacketFields fields)
    {
        if (ip.Length < 20 || (ip[0] >> 4) != 4)
        {
            return 0;
        }

        int ihl = (ip[0] & 0x0f) * 4;
        if (ihl < 20 || ihl > ip.Length)
        {
            return 0;
        }

        ref var w = ref fields.Words;
        byte tos = ip[1];
        byte proto = ip[9];
        FlowKeyLayout.Put(ref w, OxmFieldId.IpDscp, (ulong)(tos >> 2));
        FlowKeyLayout.Put(ref w, OxmFieldId.IpEcn, (ulong)(tos & 3));
        FlowKeyLayout.Put(ref w, OxmFieldId.IpProto, proto);
        FlowKeyLayout.Put(ref w, OxmFieldId.Ipv4Src, BinaryPrimitives.ReadUInt32BigEndian(ip[12..]));
        FlowKeyLayout.Put(ref w, OxmFieldId.Ipv4Dst, BinaryPrimitives.ReadUInt32BigEndian(ip[16..]));
        ulong present = Bit(OxmFieldId.IpDscp) | Bit(OxmFieldId.IpEcn) | Bit(OxmFieldId.IpProto) |
                        Bit(OxmFieldId.Ipv4Src) | Bit(OxmFieldId.Ipv4Dst);
        ushort flagsAndOffset = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        int fragOffset = flagsAndOffset & 0x1fff;
        fields.IsFragment = fragOffset != 0 || (flagsAndOffset & 0x2000) != 0;
        if (fragOffset != 0)
        {
            fields.IsLaterFragment = true;
            return present;
        }

        fields.L4Offset = l3 + ihl;
        return present | ParseL4(ip[ihl..], proto, isV6: false, ref w);
    }

    /*
     * RFC 8200: ver/tc/flow(4) payload_len(2) next(1) hop_limit(1) src(16) dst(16), then extension headers.
     */
    private static ulong ParseIpv6(ReadOnlySpan<byte> ip, int l3, ref PacketFields fields)
    {
        if (ip.Length < 40 || (ip[0] >> 4) != 6)
        {
            return 0;
        }

        ref var w = ref fields.Words;
        uint first = BinaryPrimitives.ReadUInt32BigEndian(ip);
        byte tc = (byte)(first >> 20);
        FlowKeyLayout.Put(ref w, OxmFieldId.IpDscp, (ulong)(tc >> 2));
        FlowKeyLayout.Put(ref w, OxmFieldId.IpEcn, (ulong)(tc & 3));
        FlowKeyLayout.Put(ref w, OxmFieldId.Ipv6Flabel, first & 0xfffff);
        FlowKeyLayout.Set(w, OxmFieldId.Ipv6Src, BinaryPrimitives.ReadUInt128BigEndian(ip[8..]));
        FlowKeyLayout.Set(w, OxmFieldId.Ipv6Dst, BinaryPrimitives.ReadUInt128BigEndian(ip[24..]));
        ulong present = Bit(OxmFieldId.IpDscp) | Bit(OxmFieldId.IpEcn) | Bit(OxmFieldId.IpProto) | Bit(OxmFieldId.Ipv6Flabel) |
                        Bit(OxmFieldId.Ipv6Src) | Bit(OxmFieldId.Ipv6Dst) | Bit(OxmFieldId.Ipv6Exthdr);

        byte next = ip[6];
        int off = 40;
        ushort ext = 0;
        uint seen = 0;
        bool done = false;
        while (!done)
        {
            ushort flag = next switch
            {
                IpProtocols.HopByHop => IehHop,
                IpProtocols.Ipv6Route => IehRouter,
                IpProtocols.Ipv6Fragment => IehFrag,
                IpProtocols.Ipv6DestOpts => IehDest,
                IpProtocols.Ah => IehAuth,
                IpProtocols.Esp => IehEsp,
                IpProtocols.Ipv6NoNext => IehNoNext,
                _ => 0,
            };
            if (flag == 0)
            {
                break;
            }

            if ((ext & flag) != 0 && flag != IehDest)
            {
                ext |= IehUnrep;
            }

            // RFC 8200 4.1 order: hop, dest, route, frag, auth, esp, dest(final); a hop-by-hop header anywhere but first is out of sequence.
            if (flag == IehHop && seen != 0)
            {
                ext |= IehUnseq;
            }

            seen++;
            ext |= flag;
            if (flag is IehEsp or IehNoNext || off + 8 > ip.Length)
            {
                // Nothing after ESP or "no next header" can be read.
                done = true;
                break;
            }

            byte following = ip[off];
            int len = flag switch
            {
                IehFrag => 8,
                IehAuth => (ip[off + 1] + 2) * 4,
                _ => (ip[off + 1] + 1) * 8,
            };
            if (flag == IehFrag)
            {
                fields.IsFragment = true;
                fields.IsLaterFragment = (BinaryPrimitives.ReadUInt16BigEndian(ip[(off + 2)..]) & 0xfff8) != 0;
            }

            next = following;
            off += len;
            if (off > ip.Length)
            {
                done = true;
            }
        }

        FlowKeyLayout.Put(ref w, OxmFieldId.Ipv6Exthdr, ext);
        FlowKeyLayout.Put(ref w, OxmFieldId.IpProto, next);
        if (done || fields.IsLaterFragment || off > ip.Length)
        {
            return present;
        }

        fields.L4Offset = l3 + off;
        return present | ParseL4(ip[off..], next, isV6: true, ref w);
    }

    private static ulong ParseL4(ReadOnlySpan<byte> l4, byte proto, bool isV6, ref FlowKeyWords w)
    {
        switch (proto)
        {
            case IpProtocols.Tcp when l4.Length >= 20:
                return Ports(l4, OxmFieldId.TcpSrc, OxmFieldId.TcpDst, ref w);
            case IpProtocols.Udp when l4.Length >= 8:
                return Ports(l4, OxmFieldId.UdpSrc, OxmFieldId.UdpDst, ref w);
            case IpProtocols.Sctp when l4.Length >= 12:
                return Ports(l4, OxmFieldId.SctpSrc, OxmFieldId.SctpDst, ref w);
            case IpProtocols.Icmp when !isV6 && l4.Length >= 4:
                FlowKeyLayout.Put(ref w, OxmFieldId.Icmpv4Type, l4[0]);
                FlowKeyLayout.Put(ref w, OxmFieldId.Icmpv4Code, l4[1]);
                return Bit(OxmFieldId.Icmpv4Type) | Bit(OxmFieldId.Icmpv4Code);
            case IpProtocols.Icmpv6 when isV6 && l4.Length >= 4:
                return ParseIcmpv6(l4, ref w);
            default:
                return 0;
        }
    }

    private static ulong Ports(ReadOnlySpan<byte> l4, OxmFieldId src, OxmFieldId dst, ref FlowKeyWords w)
    {
        FlowKeyLayout.Put(ref w, src, BinaryPrimitives.ReadUInt16BigEndian(l4));
        FlowKeyLayout.Put(ref w, dst, BinaryPrimitives.ReadUInt16BigEndian(l4[2..]));
        return Bit(src) | Bit(dst);
    }

    /*
     * RFC 4861 neighbor solicitation (135) / advertisement (136):
     * type(1) code(1) csum(2) reserved/flags(4) target(16) options: type(1) len(1, in 8-byte units) ...
     */
    private static ulong ParseIcmpv6(ReadOnlySpan<byte> icmp, ref FlowKeyWords w)
    {
        byte type = icmp[0];
        FlowKeyLayout.Put(ref w, OxmFieldId.Icmpv6Type, type);
        FlowKeyLayout.Put(ref w, OxmFieldId.Icmpv6Code, icmp[1]);
        ulong present = Bit(OxmFieldId.Icmpv6Type) | Bit(OxmFieldId.Icmpv6Code);
        if (type is not (135 or 136) || icmp.Length < 24)
        {
            return present;
        }

        FlowKeyLayout.Set(w, OxmFieldId.Ipv6NdTarget, BinaryPrimitives.ReadUInt128BigEndian(icmp[8..]));
        present |= Bit(OxmFieldId.Ipv6NdTarget);
        var options = icmp[24..];
        while (options.Length >= 8)
        {
            int len = options[1] * 8;
            if (len == 0 || len > options.Length)
            {
                break;
            }

            if (options[0] == 1 && type == 135 && len >= 8)
            {
                FlowKeyLayout.Put(ref w, OxmFieldId.Ipv6NdSll, ReadMac(options[2..]));
                present |= Bit(OxmFieldId.Ipv6NdSll);
            }
            else if (options[0] == 2 && type == 136 && len >= 8)
            {
                FlowKeyLayout.Put(ref w, OxmFieldId.Ipv6NdTll, ReadMac(options[2..]));
                present |= Bit(OxmFieldId.Ipv6NdTll);
            }

            options = options[len..];
        }

        return present;
    }

    /*
     * RFC 826 for Ethernet/IPv4: htype(2)=1 ptype(2)=0x0800 hlen(1)=6 plen(1)=4 op(2) sha(6) spa(4) tha(6) tpa(4)
     */
    private static ulong ParseArp(ReadOnlySpan<byte> arp, ref FlowKeyWords w)
    {
        if (arp.Length < 28 || BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 ||
            BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != EtherTypes.Ipv4 || arp[4] != 6 || arp[5] != 4)
        {
            return 0;
        }

        FlowKeyLayout.Put(ref w, OxmFieldId.ArpOp, BinaryPrimitives.ReadUInt16BigEndian(arp[6..]));
        FlowKeyLayout.Put(ref w, OxmFieldId.ArpSha, ReadMac(arp[8..]));
        FlowKeyLayout.Put(ref w, OxmFieldId.ArpSpa, BinaryPrimitives.ReadUInt32BigEndian(arp[14..]));
        FlowKeyLayout.Put(ref w, OxmFieldId.ArpTha, ReadMac(arp[18..]));
        FlowKeyLayout.Put(ref w, OxmFieldId.ArpTpa, BinaryPrimitives.ReadUInt32BigEndian(arp[24..]));
        return Bit(OxmFieldId.ArpOp) | Bit(OxmFieldId.ArpSha) | Bit(OxmFieldId.ArpSpa) | Bit(OxmFieldId.ArpTha) | Bit(OxmFieldId.ArpTpa);
    }
}
