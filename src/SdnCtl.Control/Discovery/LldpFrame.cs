using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using SdnCtl.Control.Packets;

namespace SdnCtl.Control.Discovery;

/// <summary>
/// Builds and reads the LLDP (IEEE 802.1AB) probes used for link discovery. The mandatory TLVs
/// name the sender the way Ryu does (chassis id "dpid:%016x", locally assigned; port id the
/// 4-byte port number, port component), so captures read naturally in Wireshark; an
/// organisation-specific TLV carries the same facts in binary plus the sending controller's
/// nonce, so LLDP from real neighbours, from another controller sharing the switches, or forged
/// by a host that never saw one of our probes is never taken for ours.
/// </summary>
internal static class LldpFrame
{
    /*
     * Frame: dst 01:80:c2:00:00:0e (nearest bridge), src = sending port's MAC, ethertype 0x88cc,
     * then TLVs, each a 16-bit header (type: 7 bits, length: 9 bits) and `length` bytes:
     *   type 1   chassis id  : subtype 7 (locally assigned), "dpid:%016x"       (1 + 21 bytes)
     *   type 2   port id     : subtype 2 (port component), port number, 32-bit BE  (1 + 4 bytes)
     *   type 3   TTL         : seconds, 16-bit BE                                  (2 bytes)
     *   type 127 org-specific: OUI 0a:5d:c7, subtype 1, dpid 64-bit BE, port 32-bit BE,
     *                          controller nonce 64-bit BE                        (3 + 1 + 8 + 4 + 8)
     *   type 0   end of LLDPDU                                                     (0 bytes)
     */

    /// <summary>The LLDP nearest-bridge multicast address 01:80:c2:00:00:0e.</summary>
    public const ulong MulticastAddress = 0x0180_c200_000e;

    /// <summary>
    /// SdnCtl's organisation identifier. 0x0A in the first octet has the CID form's local bits
    /// (X=1, Y=0, Z=1), a range the IEEE never assigns as an OUI, so it cannot collide with a vendor's.
    /// </summary>
    public const uint Oui = 0x0a_5dc7;

    public const byte OrgSubtypeProbe = 1;

    private const int TlvChassisId = 1;
    private const int TlvPortId = 2;
    private const int TlvTtl = 3;
    private const int TlvOrgSpecific = 127;
    private const int TlvEnd = 0;

    private const byte ChassisSubtypeLocal = 7;
    private const byte PortSubtypeComponent = 2;
    private const int ChassisTextLength = 21;       // "dpid:" + 16 hex digits
    private const int OrgInfoLength = 3 + 1 + 8 + 4 + 8;

    /// <summary>Length of every probe this class builds.</summary>
    public const int Size =
        EthernetHeader.Size +
        2 + 1 + ChassisTextLength +
        2 + 1 + 4 +
        2 + 2 +
        2 + OrgInfoLength +
        2;

    /// <summary>Builds the probe for one port. Built once per port and reused every discovery round.</summary>
    public static byte[] Build(ulong datapathId, uint portNo, ulong sourceMac, ushort ttlSeconds, ulong nonce)
    {
        var frame = new byte[Size];
        Span<byte> f = frame;
        EthernetHeader.Write(f, MulticastAddress, sourceMac, EtherTypes.Lldp);
        int at = EthernetHeader.Size;

        at += WriteTlvHeader(f[at..], TlvChassisId, 1 + ChassisTextLength);
        f[at++] = ChassisSubtypeLocal;
        at += Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"dpid:{datapathId:x16}"), f[at..]);

        at += WriteTlvHeader(f[at..], TlvPortId, 1 + 4);
        f[at++] = PortSubtypeComponent;
        BinaryPrimitives.WriteUInt32BigEndian(f[at..], portNo);
        at += 4;

        at += WriteTlvHeader(f[at..], TlvTtl, 2);
        BinaryPrimitives.WriteUInt16BigEndian(f[at..], ttlSeconds);
        at += 2;

        at += WriteTlvHeader(f[at..], TlvOrgSpecific, OrgInfoLength);
        f[at++] = (byte)(Oui >> 16);
        f[at++] = unchecked((byte)(Oui >> 8));
        f[at++] = unchecked((byte)Oui);
        f[at++] = OrgSubtypeProbe;
        BinaryPrimitives.WriteUInt64BigEndian(f[at..], datapathId);
        at += 8;
        BinaryPrimitives.WriteUInt32BigEndian(f[at..], portNo);
        at += 4;
        BinaryPrimitives.WriteUInt64BigEndian(f[at..], nonce);
        at += 8;

        at += WriteTlvHeader(f[at..], TlvEnd, 0);
        System.Diagnostics.Debug.Assert(at == Size, "probe layout and Size disagree");
        return frame;
    }

    /// <summary>
    /// Reads an SdnCtl probe. False for anything else: not LLDP, malformed TLVs, or LLDP without
    /// SdnCtl's organisation TLV (a real neighbour's). The caller checks the nonce.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out LldpProbe probe)
    {
        probe = default;
        if (!EthernetHeader.TryRead(frame, out EthernetHeader eth) || eth.EtherType != EtherTypes.Lldp)
        {
            return false;
        }

        ReadOnlySpan<byte> tlvs = frame[EthernetHeader.Size..];
        ushort ttl = 0;
        string chassis = string.Empty;
        ulong dpid = 0;
        uint port = 0;
        ulong nonce = 0;
        bool ours = false;
        while (tlvs.Length >= 2)
        {
            ushort header = BinaryPrimitives.ReadUInt16BigEndian(tlvs);
            int type = header >> 9;
            int length = header & 0x1ff;
            if (length > tlvs.Length - 2)
            {
                return false;
            }

            ReadOnlySpan<byte> value = tlvs.Slice(2, length);
            switch (type)
            {
                case TlvEnd:
                    tlvs = default;
                    continue;
                case TlvChassisId when length >= 2 && value[0] == ChassisSubtypeLocal:
                    chassis = Encoding.ASCII.GetString(value[1..]);
                    break;
                case TlvTtl when length == 2:
                    ttl = BinaryPrimitives.ReadUInt16BigEndian(value);
                    break;
                case TlvOrgSpecific when length == OrgInfoLength &&
                                         ((uint)value[0] << 16 | (uint)value[1] << 8 | value[2]) == Oui &&
                                         value[3] == OrgSubtypeProbe:
                    dpid = BinaryPrimitives.ReadUInt64BigEndian(value[4..]);
                    port = BinaryPrimitives.ReadUInt32BigEndian(value[12..]);
                    nonce = BinaryPrimitives.ReadUInt64BigEndian(value[16..]);
                    ours = true;
                    break;
            }

            tlvs = tlvs[(2 + length)..];
        }

        if (!ours)
        {
            return false;
        }

        probe = new LldpProbe(dpid, port, ttl, chassis, nonce);
        return true;
    }

    private static int WriteTlvHeader(Span<byte> dest, int type, int length)
    {
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)((type << 9) | length));
        return 2;
    }
}
