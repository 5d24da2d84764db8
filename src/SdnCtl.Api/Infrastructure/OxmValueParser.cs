using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SdnCtl.Control.Network;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.Api.Infrastructure;

/// <summary>
/// Reads OXM values in the form <see cref="OxmText"/> writes them, so a GET's match can be posted back:
/// MACs (<c>aa:bb:…[/mask]</c>), IPv4/IPv6 addresses with a prefix length or mask, vlan_vid as the VID or
/// "none"/"present" or raw <c>0x…/0x…</c>, ports by number or name, other fields as numbers, decimal or
/// <c>0x</c> hex text, with a <c>/mask</c> where the field allows one.
/// </summary>
internal static class OxmValueParser
{
    public static bool TryParse(OxmFieldId field, JsonElement json, SwitchInfo? sw, out OxmEntry entry, out string problem)
    {
        entry = default;
        string name = OxmText.Name(field);
        switch (json.ValueKind)
        {
            case JsonValueKind.Number:
                if (!json.TryGetUInt64(out ulong number))
                {
                    problem = $"{name} must be a whole number ≥ 0, not {json.GetRawText()}";
                    return false;
                }

                return TryExact(field, number, out entry, out problem);
            case JsonValueKind.String:
                return TryParse(field, json.GetString()!, sw, allowMask: true, out entry, out problem);
            default:
                problem = $"{name} must be a number or a string, not {json.ValueKind.ToString().ToLowerInvariant()}";
                return false;
        }
    }

    /// <summary>A field given as a JSON number (as <see cref="TryParse(OxmFieldId, JsonElement, SwitchInfo?, out OxmEntry, out string)"/> reads one).</summary>
    public static bool TryParse(OxmFieldId field, ulong number, out OxmEntry entry, out string problem) =>
        TryExact(field, number, out entry, out problem);

    public static bool TryParse(OxmFieldId field, string text, SwitchInfo? sw, bool allowMask, out OxmEntry entry, out string problem)
    {
        entry = default;
        string name = OxmText.Name(field);
        text = text.Trim();
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string valueText = slash < 0 ? text : text[..slash];
        string? maskText = slash < 0 ? null : text[(slash + 1)..];
        if (maskText is not null && !allowMask)
        {
            problem = $"{name} takes no mask here: '{text}'";
            return false;
        }

        if (maskText is not null && !OxmFields.IsMaskable(field))
        {
            problem = $"{name} cannot be masked: '{text}'";
            return false;
        }

        UInt128 value;
        UInt128? mask = null;
        switch (field)
        {
            case OxmFieldId.EthDst or OxmFieldId.EthSrc or OxmFieldId.ArpSha or OxmFieldId.ArpTha or OxmFieldId.Ipv6NdSll or OxmFieldId.Ipv6NdTll:
                if (!MacFormat.TryParse(valueText, out ulong mac) || (maskText is not null && !MacFormat.TryParse(maskText, out _)))
                {
                    problem = $"{name} must be a MAC address like 00:1b:21:3a:4c:5d (optionally /mask), not '{text}'";
                    return false;
                }

                value = mac;
                if (maskText is not null)
                {
                    MacFormat.TryParse(maskText, out ulong m);
                    mask = m;
                }

                break;
            case OxmFieldId.Ipv4Src or OxmFieldId.Ipv4Dst or OxmFieldId.ArpSpa or OxmFieldId.ArpTpa:
                if (!TryIpv4(valueText, out uint v4) || (maskText is not null && !TryIpv4Mask(maskText, out _)))
                {
                    problem = $"{name} must be an IPv4 address, a CIDR like 10.0.0.0/24 or address/dotted-mask, not '{text}'";
                    return false;
                }

                value = v4;
                if (maskText is not null)
                {
                    TryIpv4Mask(maskText, out uint m4);
                    mask = m4;
                }

                break;
            case OxmFieldId.Ipv6Src or OxmFieldId.Ipv6Dst or OxmFieldId.Ipv6NdTarget:
                if (!TryIpv6(valueText, out UInt128 v6) || (maskText is not null && !TryIpv6Mask(maskText, out _)))
                {
                    problem = $"{name} must be an IPv6 address, optionally with /prefix, not '{text}'";
                    return false;
                }

                value = v6;
                if (maskText is not null)
                {
                    TryIpv6Mask(maskText, out UInt128 m6);
                    mask = m6;
                }

                break;
            case OxmFieldId.VlanVid when maskText is null:
                if (valueText.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    entry = OxmEntry.VlanNone();
                    problem = string.Empty;
                    return true;
                }

                if (valueText.Equals("present", StringComparison.OrdinalIgnoreCase))
                {
                    entry = OxmEntry.VlanAnyTagged();
                    problem = string.Empty;
                    return true;
                }

                if (!TryInteger(valueText, out ulong vid))
                {
                    problem = $"vlan_vid must be a VID 0–4095, \"none\", \"present\" or 0x…/0x…, not '{text}'";
                    return false;
                }

                return TryExact(field, vid, out entry, out problem);
            case OxmFieldId.InPort or OxmFieldId.InPhyPort:
                if (!PortText.TryParse(valueText, sw, out uint port))
                {
                    problem = $"{name} must be a port number, a reserved port (LOCAL, CONTROLLER, …) or a port name of the switch, not '{text}'";
                    return false;
                }

                value = port;
                break;
            default:
                if (!TryInteger(valueText, out ulong n) || (maskText is not null && !TryInteger(maskText, out _)))
                {
                    problem = $"{name} must be a number (decimal or 0x hex){(OxmFields.IsMaskable(field) ? " optionally /mask" : string.Empty)}, not '{text}'";
                    return false;
                }

                value = n;
                if (maskText is not null)
                {
                    TryInteger(maskText, out ulong mn);
                    mask = mn;
                }

                break;
        }

        UInt128 full = OxmFields.FullMask(field);
        if (value > full || (mask is { } mk && mk > full))
        {
            problem = $"{name} '{text}' does not fit the field's {OxmFields.BitWidth(field)} bits";
            return false;
        }

        entry = OxmEntry.Create(field, value, mask);
        problem = string.Empty;
        return true;
    }

    private static bool TryExact(OxmFieldId field, ulong number, out OxmEntry entry, out string problem)
    {
        entry = default;
        string name = OxmText.Name(field);
        if (field == OxmFieldId.VlanVid)
        {
            if (number > 0x0fff)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"vlan_vid {number} is outside 0–4095");
                return false;
            }

            entry = OxmEntry.VlanVid((ushort)number);
            problem = string.Empty;
            return true;
        }

        if (number > OxmFields.FullMask(field))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"{name} {number} does not fit the field's {OxmFields.BitWidth(field)} bits");
            return false;
        }

        if (field is OxmFieldId.InPort or OxmFieldId.InPhyPort && number == 0)
        {
            problem = $"{name} 0 is not a port";
            return false;
        }

        entry = new OxmEntry(field, number);
        problem = string.Empty;
        return true;
    }

    public static bool TryInteger(string text, out ulong value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && text.Length > 2;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // Dotted quad only: IPAddress.TryParse also takes "10.1" and octal forms, which here are typos.
    private static bool TryIpv4(string text, out uint address)
    {
        address = 0;
        if (text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        byte[] b = ip.GetAddressBytes();
        address = (uint)((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
        return true;
    }

    private static bool TryIpv4Mask(string text, out uint mask)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) && text.Length <= 2)
        {
            mask = prefix switch { 0 => 0u, <= 32 => uint.MaxValue << (32 - prefix), _ => 0u };
            return prefix <= 32;
        }

        return TryIpv4(text, out mask);
    }

    private static bool TryIpv6(string text, out UInt128 address)
    {
        address = 0;
        if (!IPAddress.TryParse(text, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out _);
        address = OxmCodec.ReadValue(bytes);
        return true;
    }

    private static bool TryIpv6Mask(string text, out UInt128 mask)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) && text.Length <= 3)
        {
            mask = prefix switch { 0 => UInt128.Zero, <= 128 => UInt128.MaxValue << (128 - prefix), _ => UInt128.Zero };
            return prefix <= 128;
        }

        return TryIpv6(text, out mask);
    }
}
