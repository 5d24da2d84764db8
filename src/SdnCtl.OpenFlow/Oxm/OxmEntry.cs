using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace SdnCtl.OpenFlow.Oxm;

/// <summary>
/// One OXM TLV of the OpenFlow basic class: a field, its value and an optional mask. Values are
/// the field's network-order bytes read as an unsigned big-endian integer (a MAC is a 48-bit
/// number, an IPv6 address a 128-bit one), so every field fits one <see cref="UInt128"/> and an
/// entry is a small struct that costs no allocation.
/// </summary>
// Auto layout lets the runtime put the 16-byte-aligned values first: 48 bytes instead of 64.
[StructLayout(LayoutKind.Auto)]
public readonly record struct OxmEntry(OxmFieldId Field, UInt128 Value, UInt128 Mask, bool HasMask)
{
    /// <summary>An exact-match entry.</summary>
    public OxmEntry(OxmFieldId field, UInt128 value)
        : this(field, value, OxmFields.FullMask(field), false)
    {
    }

    /// <summary>Bytes on the wire: 4-byte header plus value (and mask).</summary>
    public int WireLength => OfpConstants.OxmHeaderSize + (OxmFields.Width(Field) * (HasMask ? 2 : 1));

    /// <summary>The effective mask: the given one, or all ones of the field's width.</summary>
    public UInt128 EffectiveMask => HasMask ? Mask : OxmFields.FullMask(Field);

    /// <summary>in_port = <paramref name="port"/>.</summary>
    public static OxmEntry InPort(uint port) => new(OxmFieldId.InPort, port);

    /// <summary>metadata (optionally masked).</summary>
    public static OxmEntry Metadata(ulong value, ulong? mask = null) => Create(OxmFieldId.Metadata, value, mask);

    /// <summary>eth_dst (optionally masked).</summary>
    public static OxmEntry EthDst(ulong mac, ulong? mask = null) => Create(OxmFieldId.EthDst, mac, mask);

    /// <summary>eth_src (optionally masked).</summary>
    public static OxmEntry EthSrc(ulong mac, ulong? mask = null) => Create(OxmFieldId.EthSrc, mac, mask);

    /// <summary>eth_type.</summary>
    public static OxmEntry EthType(ushort etherType) => new(OxmFieldId.EthType, etherType);

    /// <summary>vlan_vid with OFPVID_PRESENT set: matches tagged frames with this VID (0–4095).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="vid"/> does not fit 12 bits.</exception>
    public static OxmEntry VlanVid(ushort vid)
    {
        // A wider value would spill into bits the 13-bit field does not have and the switch would
        // reject the whole flow with OFPBMC_BAD_VALUE; fail where the mistake is made instead.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vid, (ushort)0x0fff);
        return new(OxmFieldId.VlanVid, (ushort)(vid | OfpConstants.VlanPresent));
    }

    /// <summary>vlan_vid = OFPVID_NONE: matches untagged frames only.</summary>
    public static OxmEntry VlanNone() => new(OxmFieldId.VlanVid, OfpConstants.VlanNone);

    /// <summary>vlan_vid = PRESENT/PRESENT: any tagged frame.</summary>
    public static OxmEntry VlanAnyTagged() =>
        new(OxmFieldId.VlanVid, OfpConstants.VlanPresent, OfpConstants.VlanPresent, true);

    /// <summary>vlan_pcp.</summary>
    public static OxmEntry VlanPcp(byte pcp) => new(OxmFieldId.VlanPcp, pcp);

    /// <summary>ip_proto.</summary>
    public static OxmEntry IpProto(byte proto) => new(OxmFieldId.IpProto, proto);

    /// <summary>ipv4_src, optionally with a prefix length.</summary>
    public static OxmEntry Ipv4Src(uint address, int prefixLength = 32) => Ipv4(OxmFieldId.Ipv4Src, address, prefixLength);

    /// <summary>ipv4_dst, optionally with a prefix length.</summary>
    public static OxmEntry Ipv4Dst(uint address, int prefixLength = 32) => Ipv4(OxmFieldId.Ipv4Dst, address, prefixLength);

    /// <summary>tcp_src.</summary>
    public static OxmEntry TcpSrc(ushort port) => new(OxmFieldId.TcpSrc, port);

    /// <summary>tcp_dst.</summary>
    public static OxmEntry TcpDst(ushort port) => new(OxmFieldId.TcpDst, port);

    /// <summary>udp_src.</summary>
    public static OxmEntry UdpSrc(ushort port) => new(OxmFieldId.UdpSrc, port);

    /// <summary>udp_dst.</summary>
    public static OxmEntry UdpDst(ushort port) => new(OxmFieldId.UdpDst, port);

    /// <summary>tunnel_id (optionally masked).</summary>
    public static OxmEntry TunnelId(ulong id, ulong? mask = null) => Create(OxmFieldId.TunnelId, id, mask);

    /// <summary>Any field exact or masked; the mask must be allowed for the field.</summary>
    public static OxmEntry Create(OxmFieldId field, UInt128 value, UInt128? mask = null) =>
        mask is { } m && m != OxmFields.FullMask(field)
            ? new OxmEntry(field, value & m, m, true)
            : new OxmEntry(field, value);

    /// <summary>Parses an IPv4 address in dotted form to the 32-bit host-order value used by OXM entries.</summary>
    public static uint ParseIpv4(string text)
    {
        var bytes = IPAddress.Parse(text).GetAddressBytes();
        return (uint)((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]);
    }

    private static OxmEntry Ipv4(OxmFieldId field, uint address, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, 32);
        uint mask = prefixLength == 0 ? 0u : uint.MaxValue << (32 - prefixLength);
        return prefixLength == 32 ? new OxmEntry(field, address) : new OxmEntry(field, address & mask, mask, true);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string v = Value.ToString("x", CultureInfo.InvariantCulture);
        return HasMask
            ? $"{Field}=0x{v}/0x{Mask.ToString("x", CultureInfo.InvariantCulture)}"
            : $"{Field}=0x{v}";
    }
}
