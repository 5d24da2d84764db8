using System.Globalization;

namespace SdnCtl.DataPlane.Network;

/// <summary>Datapath ids as people type them: decimal, <c>0x</c> hex, or eight colon-separated octets.</summary>
internal static class DatapathIds
{
    public static bool TryParse(string text, out ulong dpid)
    {
        dpid = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out dpid);
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            var octets = text.Split(':');
            if (octets.Length != 8)
            {
                return false;
            }

            foreach (string octet in octets)
            {
                if (octet.Length != 2 || !byte.TryParse(octet, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
                {
                    return false;
                }

                dpid = (dpid << 8) | b;
            }

            return true;
        }

        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out dpid);
    }
}
