using System.Buffers.Binary;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// Header rewrites of the OpenFlow actions (spec 5.12): push/pop of VLAN and MPLS tags, set-field
/// and TTL changes, applied in place to a <see cref="PacketBuffer"/> with the checksums fixed up
/// incrementally (RFC 1624) so a rewritten frame is valid on the wire. <see cref="PacketFields"/>
/// is kept in step so the next table sees the rewritten packet.
/// </summary>
public static class PacketRewriter
{
    /// <summary>Re-parses after a structural change, keeping the pipeline fields (in_port, metadata, tunnel_id).</summary>
    public static void Reparse(PacketBuffer packet, ref PacketFields fields)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ulong w0 = fields.Words[0], metadata = fields.Words[1], tunnel = fields.Words[2];
        PacketParser.Parse(packet.Span, 0, out fields);
        fields.Words[0] = w0;
        fields.Words[1] = metadata;
        fields.Words[2] = tunnel;
    }

    /// <summary>
    /// push_vlan: a new outermost tag at offset 12. Its PCP/VID are copied from the previous
    /// outermost tag, or zero when the frame was untagged (spec 5.12.1).
    /// </summary>
    public static bool PushVlan(PacketBuffer packet, ref PacketFields fields, ushort tpid)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (fields.EthTypeOffset < 0)
        {
            return false;
        }

        ushort tci = fields.VlanTagCount > 0 ? BinaryPrimitives.ReadUInt16BigEndian(packet.Span[14..]) : (ushort)0;
        var tag = packet.Insert(12, 4);
        BinaryPrimitives.WriteUInt16BigEndian(tag, tpid);
        BinaryPrimitives.WriteUInt16BigEndian(tag[2..], tci);
        Reparse(packet, ref fields);
        return true;
    }

    /// <summary>pop_vlan: removes the outermost tag; false when the frame is untagged.</summary>
    public static bool PopVlan(PacketBuffer packet, ref PacketFields fields)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (fields.VlanTagCount == 0)
        {
            return false;
        }

        packet.Remove(12, 4);
        Reparse(packet, ref fields);
        return true;
    }

    /// <summary>
    /// push_mpls: a new outermost label stack entry after the VLAN tags. Label, TC and TTL are copied
    /// from an existing MPLS entry, else label 0, TC 0 and the IP TTL (spec 5.12.1); BoS is set when
    /// it is the only entry.
    /// </summary>
    public static bool PushMpls(PacketBuffer packet, ref PacketFields fields, ushort etherType)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (fields.EthTypeOffset < 0)
        {
            return false;
        }

        var span = packet.Span;
        int l3 = fields.L3Offset;
        uint lse;
        if (EtherTypes.IsMpls(fields.EthType) && span.Length >= l3 + 4)
        {
            lse = BinaryPrimitives.ReadUInt32BigEndian(span[l3..]) & ~0x100u;
        }
        else
        {
            byte ttl = ReadIpTtl(span, ref fields, out bool hasIp) is var t && hasIp ? t : (byte)64;
            lse = 0x100u | ttl;
        }

        var shim = packet.Insert(l3, 4);
        BinaryPrimitives.WriteUInt32BigEndian(shim, lse);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Span[fields.EthTypeOffset..], etherType);
        Reparse(packet, ref fields);
        return true;
    }

    /// <summary>pop_mpls: removes the outermost entry and sets the ethertype to <paramref name="etherType"/>.</summary>
    public static bool PopMpls(PacketBuffer packet, ref PacketFields fields, ushort etherType)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!EtherTypes.IsMpls(fields.EthType) || packet.Length < fields.L3Offset + 4)
        {
            return false;
        }

        packet.Remove(fields.L3Offset, 4);
        BinaryPrimitives.WriteUInt16BigEndian(packet.Span[fields.EthTypeOffset..], etherType);
        Reparse(packet, ref fields);
        return true;
    }

    /// <summary>
    /// set_field: writes <paramref name="entry"/>'s value into the header that carries the field.
    /// False when the packet does not have that header (the action is then a no-op).
    /// </summary>
    public static bool SetField(PacketBuffer packet, ref PacketFields fields, in OxmEntry entry)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var f = entry.Field;
        if (f is OxmFieldId.TunnelId or OxmFieldId.Metadata)
        {
            fields.Set(f, entry.Value);
            return true;
        }

        if (!fields.Has(f) && f != OxmFieldId.VlanPcp)
        {
            return false;
        }

        var span = packet.Span;
        int l3 = fields.L3Offset;
        int l4 = fields.L4Offset;
        switch (f)
        {
            case OxmFieldId.EthDst:
                PacketParser.WriteMac(span, (ulong)entry.Value);
                break;
            case OxmFieldId.EthSrc:
                PacketParser.WriteMac(span[6..], (ulong)entry.Value);
                break;
            case OxmFieldId.EthType:
                BinaryPrimitives.WriteUInt16BigEndian(span[fields.EthTypeOffset..], (ushort)entry.Value);
                Reparse(packet, ref fields);
                return true;
            case OxmFieldId.VlanVid:
            case OxmFieldId.VlanPcp:
                if (fields.VlanTagCount == 0)
                {
                    return false;
                }

                ushort tci = BinaryPrimitives.ReadUInt16BigEndian(span[14..]);
                tci = f == OxmFieldId.VlanVid
                    ? (ushort)((tci & 0xf000) | ((ushort)entry.Value & 0x0fff))
                    : (ushort)((tci & 0x1fff) | (((ushort)entry.Value & 7) << 13));
                BinaryPrimitives.WriteUInt16BigEndian(span[14..], tci);
                // vlan_vid keeps OFPVID_PRESENT: the tag is still there.
                fields.Set(f, f == OxmFieldId.VlanVid ? (UInt128)(0x1000 | (tci & 0x0fff)) : (UInt128)(tci >> 13));
                return true;
            case OxmFieldId.IpDscp:
            case OxmFieldId.IpEcn:
                SetTrafficClass(span, ref fields, f, (byte)entry.Value);
                break;
            case OxmFieldId.Ipv4Src:
            case OxmFieldId.Ipv4Dst:
                {
                    int at = l3 + (f == OxmFieldId.Ipv4Src ? 12 : 16);
                    uint old = BinaryPrimitives.ReadUInt32BigEndian(span[at..]);
                    uint now = (uint)entry.Value;
                    BinaryPrimitives.WriteUInt32BigEndian(span[at..], now);
                    UpdateChecksum32(span, l3 + 10, old, now);
                    UpdatePseudoHeaderChecksum(span, ref fields, old, now);
                    break;
                }

            case OxmFieldId.Ipv6Src:
            case OxmFieldId.Ipv6Dst:
                {
                    int at = l3 + (f == OxmFieldId.Ipv6Src ? 8 : 24);
                    UInt128 old = BinaryPrimitives.ReadUInt128BigEndian(span[at..]);
                    BinaryPrimitives.WriteUInt128BigEndian(span[at..], entry.Value);
                    int csum = L4ChecksumOffset(ref fields, includeIcmpv6: true);
                    if (csum >= 0 && csum + 2 <= span.Length && !IsZeroUdpChecksum(span, ref fields, csum))
                    {
                        ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[csum..]);
                        BinaryPrimitives.WriteUInt16BigEndian(span[csum..], Checksums.Update128(c, old, entry.Value));
                    }

                    break;
                }

            case OxmFieldId.Ipv6Flabel:
                {
                    uint first = BinaryPrimitives.ReadUInt32BigEndian(span[l3..]);
                    BinaryPrimitives.WriteUInt32BigEndian(span[l3..], (first & 0xfff00000) | ((uint)entry.Value & 0xfffff));
                    break;
                }

            case OxmFieldId.TcpSrc:
            case OxmFieldId.TcpDst:
            case OxmFieldId.UdpSrc:
            case OxmFieldId.UdpDst:
            case OxmFieldId.SctpSrc:
            case OxmFieldId.SctpDst:
                {
                    bool isSrc = f is OxmFieldId.TcpSrc or OxmFieldId.UdpSrc or OxmFieldId.SctpSrc;
                    int at = l4 + (isSrc ? 0 : 2);
                    ushort old = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
                    BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)entry.Value);
                    int csum = L4ChecksumOffset(ref fields, includeIcmpv6: false);
                    // SCTP uses CRC32c over the whole packet, which an incremental update cannot fix; it is left as is.
                    if (csum >= 0 && f is not (OxmFieldId.SctpSrc or OxmFieldId.SctpDst) && !IsZeroUdpChecksum(span, ref fields, csum))
                    {
                        ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[csum..]);
                        BinaryPrimitives.WriteUInt16BigEndian(span[csum..], Checksums.Update(c, old, (ushort)entry.Value));
                    }

                    break;
                }

            case OxmFieldId.Icmpv4Type:
            case OxmFieldId.Icmpv4Code:
            case OxmFieldId.Icmpv6Type:
            case OxmFieldId.Icmpv6Code:
                {
                    ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(span[l4..]);
                    span[l4 + (f is OxmFieldId.Icmpv4Type or OxmFieldId.Icmpv6Type ? 0 : 1)] = (byte)entry.Value;
                    ushort newWord = BinaryPrimitives.ReadUInt16BigEndian(span[l4..]);
                    ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[(l4 + 2)..]);
                    BinaryPrimitives.WriteUInt16BigEndian(span[(l4 + 2)..], Checksums.Update(c, oldWord, newWord));
                    break;
                }

            case OxmFieldId.ArpOp:
                BinaryPrimitives.WriteUInt16BigEndian(span[(l3 + 6)..], (ushort)entry.Value);
                break;
            case OxmFieldId.ArpSha:
                PacketParser.WriteMac(span[(l3 + 8)..], (ulong)entry.Value);
                break;
            case OxmFieldId.ArpSpa:
                BinaryPrimitives.WriteUInt32BigEndian(span[(l3 + 14)..], (uint)entry.Value);
                break;
            case OxmFieldId.ArpTha:
                PacketParser.WriteMac(span[(l3 + 18)..], (ulong)entry.Value);
                break;
            case OxmFieldId.ArpTpa:
                BinaryPrimitives.WriteUInt32BigEndian(span[(l3 + 24)..], (uint)entry.Value);
                break;
            case OxmFieldId.Ipv6NdTarget:
                {
                    UInt128 old = BinaryPrimitives.ReadUInt128BigEndian(span[(l4 + 8)..]);
                    BinaryPrimitives.WriteUInt128BigEndian(span[(l4 + 8)..], entry.Value);
                    ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[(l4 + 2)..]);
                    BinaryPrimitives.WriteUInt16BigEndian(span[(l4 + 2)..], Checksums.Update128(c, old, entry.Value));
                    break;
                }

            case OxmFieldId.Ipv6NdSll:
            case OxmFieldId.Ipv6NdTll:
                SetNdOption(span, ref fields, f == OxmFieldId.Ipv6NdSll ? (byte)1 : (byte)2, (ulong)entry.Value);
                break;
            case OxmFieldId.MplsLabel:
            case OxmFieldId.MplsTc:
            case OxmFieldId.MplsBos:
                {
                    uint lse = BinaryPrimitives.ReadUInt32BigEndian(span[l3..]);
                    uint v = (uint)entry.Value;
                    lse = f switch
                    {
                        OxmFieldId.MplsLabel => (lse & 0xfff) | (v << 12),
                        OxmFieldId.MplsTc => (lse & ~0xe00u) | ((v & 7) << 9),
                        _ => (lse & ~0x100u) | ((v & 1) << 8),
                    };
                    BinaryPrimitives.WriteUInt32BigEndian(span[l3..], lse);
                    break;
                }

            case OxmFieldId.PbbIsid:
                {
                    uint tag = BinaryPrimitives.ReadUInt32BigEndian(span[l3..]);
                    BinaryPrimitives.WriteUInt32BigEndian(span[l3..], (tag & 0xff000000) | ((uint)entry.Value & 0xffffff));
                    break;
                }

            default:
                return false;
        }

        fields.Set(f, entry.Value);
        return true;
    }

    /// <summary>dec_nw_ttl on IPv4 (checksum fixed) or IPv6 hop limit. A TTL of 0 or 1 is expired and left unchanged.</summary>
    public static TtlResult DecrementIpTtl(PacketBuffer packet, ref PacketFields fields)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var span = packet.Span;
        byte ttl = ReadIpTtl(span, ref fields, out bool hasIp);
        if (!hasIp)
        {
            return TtlResult.NotApplicable;
        }

        if (ttl <= 1)
        {
            return TtlResult.Expired;
        }

        WriteIpTtl(span, ref fields, (byte)(ttl - 1));
        return TtlResult.Ok;
    }

    /// <summary>set_nw_ttl.</summary>
    public static TtlResult SetIpTtl(PacketBuffer packet, ref PacketFields fields, byte ttl)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var span = packet.Span;
        ReadIpTtl(span, ref fields, out bool hasIp);
        if (!hasIp)
        {
            return TtlResult.NotApplicable;
        }

        WriteIpTtl(span, ref fields, ttl);
        return TtlResult.Ok;
    }

    /// <summary>The IP TTL / hop limit, or 0 with <paramref name="hasIp"/> false.</summary>
    public static byte ReadIpTtl(ReadOnlySpan<byte> span, ref PacketFields fields, out bool hasIp)
    {
        if (fields.IsIpv4)
        {
            hasIp = true;
            return span[fields.L3Offset + 8];
        }

        if (fields.IsIpv6)
        {
            hasIp = true;
            return span[fields.L3Offset + 7];
        }

        hasIp = false;
        return 0;
    }

    /// <summary>dec_mpls_ttl. Expired when the TTL is 0 or 1.</summary>
    public static TtlResult DecrementMplsTtl(PacketBuffer packet, ref PacketFields fields)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!fields.Has(OxmFieldId.MplsLabel))
        {
            return TtlResult.NotApplicable;
        }

        var span = packet.Span;
        byte ttl = span[fields.L3Offset + 3];
        if (ttl <= 1)
        {
            return TtlResult.Expired;
        }

        span[fields.L3Offset + 3] = (byte)(ttl - 1);
        return TtlResult.Ok;
    }

    /// <summary>set_mpls_ttl.</summary>
    public static TtlResult SetMplsTtl(PacketBuffer packet, ref PacketFields fields, byte ttl)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!fields.Has(OxmFieldId.MplsLabel))
        {
            return TtlResult.NotApplicable;
        }

        packet.Span[fields.L3Offset + 3] = ttl;
        return TtlResult.Ok;
    }

    /// <summary>
    /// copy_ttl_out / copy_ttl_in between the outermost MPLS entry and what it carries: the next
    /// MPLS entry, or the IP header when the outermost entry is the bottom of stack.
    /// </summary>
    public static TtlResult CopyTtl(PacketBuffer packet, ref PacketFields fields, bool outwards)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (!fields.Has(OxmFieldId.MplsLabel))
        {
            return TtlResult.NotApplicable;
        }

        var span = packet.Span;
        int l3 = fields.L3Offset;
        bool bos = (span[l3 + 2] & 1) != 0;
        int inner = l3 + 4;
        if (!bos)
        {
            if (span.Length < inner + 4)
            {
                return TtlResult.NotApplicable;
            }

            if (outwards)
            {
                span[l3 + 3] = span[inner + 3];
            }
            else
            {
                span[inner + 3] = span[l3 + 3];
            }

            return TtlResult.Ok;
        }

        // Bottom of stack: the payload is IP if its version nibble says so.
        if (span.Length < inner + 20)
        {
            return TtlResult.NotApplicable;
        }

        int version = span[inner] >> 4;
        int ttlAt = version == 4 ? inner + 8 : version == 6 && span.Length >= inner + 40 ? inner + 7 : -1;
        if (ttlAt < 0)
        {
            return TtlResult.NotApplicable;
        }

        if (outwards)
        {
            span[l3 + 3] = span[ttlAt];
        }
        else if (version == 4)
        {
            ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(span[(inner + 8)..]);
            span[ttlAt] = span[l3 + 3];
            ushort newWord = BinaryPrimitives.ReadUInt16BigEndian(span[(inner + 8)..]);
            ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[(inner + 10)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[(inner + 10)..], Checksums.Update(c, oldWord, newWord));
        }
        else
        {
            span[ttlAt] = span[l3 + 3];
        }

        return TtlResult.Ok;
    }

    /// <summary>Recomputes the IPv4 header checksum from scratch (used by the frame builder and tests).</summary>
    public static void FixIpv4HeaderChecksum(Span<byte> ipHeader)
    {
        int ihl = (ipHeader[0] & 0x0f) * 4;
        ipHeader[10] = 0;
        ipHeader[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ipHeader[10..], Checksums.Compute(ipHeader[..ihl]));
    }

    private static void WriteIpTtl(Span<byte> span, ref PacketFields fields, byte ttl)
    {
        int l3 = fields.L3Offset;
        if (fields.IsIpv4)
        {
            // TTL shares a 16-bit word with the protocol for the checksum.
            ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(span[(l3 + 8)..]);
            span[l3 + 8] = ttl;
            ushort newWord = BinaryPrimitives.ReadUInt16BigEndian(span[(l3 + 8)..]);
            ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[(l3 + 10)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[(l3 + 10)..], Checksums.Update(c, oldWord, newWord));
        }
        else
        {
            span[l3 + 7] = ttl;
        }
    }

    private static void SetTrafficClass(Span<byte> span, ref PacketFields fields, OxmFieldId f, byte value)
    {
        int l3 = fields.L3Offset;
        if (fields.IsIpv4)
        {
            ushort oldWord = BinaryPrimitives.ReadUInt16BigEndian(span[l3..]);
            byte tos = span[l3 + 1];
            tos = f == OxmFieldId.IpDscp ? (byte)((tos & 3) | (value << 2)) : (byte)((tos & 0xfc) | (value & 3));
            span[l3 + 1] = tos;
            ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[(l3 + 10)..]);
            BinaryPrimitives.WriteUInt16BigEndian(span[(l3 + 10)..], Checksums.Update(c, oldWord, BinaryPrimitives.ReadUInt16BigEndian(span[l3..])));
        }
        else
        {
            uint first = BinaryPrimitives.ReadUInt32BigEndian(span[l3..]);
            uint tc = (first >> 20) & 0xff;
            tc = f == OxmFieldId.IpDscp ? (tc & 3) | ((uint)value << 2) : (tc & 0xfc) | (value & 3u);
            BinaryPrimitives.WriteUInt32BigEndian(span[l3..], (first & 0xf00fffff) | (tc << 20));
        }
    }

    private static void UpdateChecksum32(Span<byte> span, int at, uint old, uint now)
    {
        ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], Checksums.Update32(c, old, now));
    }

    // TCP and UDP checksums cover the IPv4 addresses through the pseudo-header; ICMPv4 does not.
    private static void UpdatePseudoHeaderChecksum(Span<byte> span, ref PacketFields fields, uint old, uint now)
    {
        int csum = L4ChecksumOffset(ref fields, includeIcmpv6: false);
        if (csum < 0 || fields.IpProto == IpProtocols.Sctp || IsZeroUdpChecksum(span, ref fields, csum))
        {
            return;
        }

        UpdateChecksum32(span, csum, old, now);
    }

    private static int L4ChecksumOffset(ref PacketFields fields, bool includeIcmpv6)
    {
        if (fields.L4Offset < 0)
        {
            return -1;
        }

        return fields.IpProto switch
        {
            IpProtocols.Tcp when fields.Has(OxmFieldId.TcpSrc) => fields.L4Offset + 16,
            IpProtocols.Udp when fields.Has(OxmFieldId.UdpSrc) => fields.L4Offset + 6,
            IpProtocols.Sctp => -1,
            IpProtocols.Icmpv6 when includeIcmpv6 && fields.Has(OxmFieldId.Icmpv6Type) => fields.L4Offset + 2,
            _ => -1,
        };
    }

    // A zero UDP checksum over IPv4 means "not computed" and must stay zero.
    private static bool IsZeroUdpChecksum(ReadOnlySpan<byte> span, ref PacketFields fields, int csum) =>
        fields.IpProto == IpProtocols.Udp && fields.IsIpv4 && span[csum] == 0 && span[csum + 1] == 0;

    private static void SetNdOption(Span<byte> span, ref PacketFields fields, byte optionType, ulong mac)
    {
        int l4 = fields.L4Offset;
        int off = l4 + 24;
        while (off + 8 <= span.Length)
        {
            int len = span[off + 1] * 8;
            if (len == 0)
            {
                return;
            }

            if (span[off] == optionType)
            {
                var at = span.Slice(off + 2, 6);
                ulong old = PacketParser.ReadMac(at);
                PacketParser.WriteMac(at, mac);
                ushort c = BinaryPrimitives.ReadUInt16BigEndian(span[(l4 + 2)..]);
                // The option's MAC starts at an even offset within the ICMPv6 message, so its 3 words line up.
                c = Checksums.Update(c, (ushort)(old >> 32), (ushort)(mac >> 32));
                c = Checksums.Update32(c, (uint)old, (uint)mac);
                BinaryPrimitives.WriteUInt16BigEndian(span[(l4 + 2)..], c);
                return;
            }

            off += len;
        }
    }
}
