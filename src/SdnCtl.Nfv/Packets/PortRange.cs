using System.Globalization;

namespace SdnCtl.Nfv.Packets;

/// <summary>An inclusive range of TCP/UDP ports.</summary>
internal readonly record struct PortRange(ushort First, ushort Last)
{
    public static readonly PortRange All = new(0, ushort.MaxValue);

    public bool Contains(ushort port) => port >= First && port <= Last;

    /// <summary>Parses <c>80</c> or <c>1024-65535</c>.</summary>
    public static bool TryParse(string text, out PortRange range, out string? error)
    {
        range = All;
        error = null;
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string firstText = dash < 0 ? text : text[..dash];
        string lastText = dash < 0 ? text : text[(dash + 1)..];
        if (!ushort.TryParse(firstText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort first)
            || !ushort.TryParse(lastText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort last))
        {
            error = $"'{text}' is not a port (0–65535) or range like 1024-2047";
            return false;
        }

        if (last < first)
        {
            error = $"'{text}' ends before it starts";
            return false;
        }

        range = new PortRange(first, last);
        return true;
    }

    public override string ToString() =>
        First == Last ? First.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{First}-{Last}");
}
