using System.Globalization;
using SdnCtl.Control.Network;
using SdnCtl.Topology.Values;

namespace SdnCtl.Api.Infrastructure;

/// <summary>
/// Datapath ids in URLs and JSON. Written as Open vSwitch prints them (16 hex digits) so that they
/// survive JavaScript's 53-bit numbers; accepted as that, as <c>0x…</c> hex, as the colon form
/// <c>00:00:…:01</c>, as a decimal number, or as the switch's name from the topology file.
/// </summary>
internal static class DatapathIds
{
    public static string Format(ulong dpid) => dpid.ToString("x16", CultureInfo.InvariantCulture);

    public static bool TryParse(string text, TopologySnapshot snapshot, out ulong dpid)
    {
        dpid = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();

        // 16 hex digits is how the API writes ids; it must win over the decimal reading of the same digits.
        if (text.Length == 16 && ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out dpid))
        {
            return true;
        }

        if (DatapathIdText.TryParse(text, out dpid, out _))
        {
            return true;
        }

        foreach (var sw in snapshot.Switches)
        {
            if (string.Equals(sw.Name, text, StringComparison.Ordinal))
            {
                dpid = sw.DatapathId;
                return true;
            }
        }

        return false;
    }
}
