using System.Globalization;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.PathComputation;

/// <summary>Reads path endpoints: host names, MACs, switch names and datapath ids in their usual spellings.</summary>
internal static class EndpointParser
{
    public static bool TryResolve(TopologySnapshot snapshot, string text, out PathEndpoint endpoint)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();

        // Names first: they are what people type, and a name never parses as a number by accident
        // unless someone names a switch "1", in which case the name is what they meant.
        foreach (HostInfo h in snapshot.Hosts)
        {
            if (string.Equals(h.Name, text, StringComparison.Ordinal))
            {
                endpoint = new PathEndpoint(h.Attachment.DatapathId, h.Attachment, text);
                return true;
            }
        }

        foreach (SwitchInfo s in snapshot.Switches)
        {
            if (string.Equals(s.Name, text, StringComparison.Ordinal))
            {
                endpoint = new PathEndpoint(s.DatapathId, null, text);
                return true;
            }
        }

        string[] groups = text.Split(':', '-');
        if (groups.Length == 6 && TryHexGroups(groups, out ulong mac))
        {
            if (snapshot.FindHost(mac) is { } host)
            {
                endpoint = new PathEndpoint(host.Attachment.DatapathId, host.Attachment, host.Name ?? text);
                return true;
            }

            return false;
        }

        if (TryParseDatapathId(text, out ulong dpid) && snapshot.FindSwitch(dpid) is { } sw)
        {
            endpoint = new PathEndpoint(dpid, null, sw.Name ?? dpid.ToString("x16", CultureInfo.InvariantCulture));
            return true;
        }

        return false;
    }

    /// <summary>16 hex digits, <c>0x…</c>, the 8-group colon form, or decimal.</summary>
    public static bool TryParseDatapathId(string text, out ulong dpid)
    {
        dpid = 0;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            string[] groups = text.Split(':');
            return groups.Length == 8 && TryHexGroups(groups, out dpid);
        }

        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return text.Length is > 2 and <= 18 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out dpid);
        }

        if (text.Length == 16 && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out dpid))
        {
            return true;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out dpid);
    }

    private static bool TryHexGroups(string[] groups, out ulong value)
    {
        value = 0;
        foreach (string g in groups)
        {
            if (g.Length is < 1 or > 2 || !byte.TryParse(g, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                return false;
            }

            value = (value << 8) | b;
        }

        return true;
    }
}
