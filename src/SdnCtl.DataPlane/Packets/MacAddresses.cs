using System.Globalization;

namespace SdnCtl.DataPlane.Packets;

/// <summary>MAC addresses as 48-bit numbers (the OXM form) and their text form.</summary>
public static class MacAddresses
{
    /// <summary>Parses "aa:bb:cc:dd:ee:ff" (or with '-').</summary>
    public static ulong Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', '-');
        if (parts.Length != 6)
        {
            throw new FormatException($"'{text}' is not a MAC address");
        }

        ulong mac = 0;
        foreach (var p in parts)
        {
            mac = (mac << 8) | byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return mac;
    }

    /// <summary>Formats as "aa:bb:cc:dd:ee:ff".</summary>
    public static string Format(ulong mac) => string.Create(17, mac, static (span, m) =>
    {
        const string Hex = "0123456789abcdef";
        for (int i = 0; i < 6; i++)
        {
            byte b = (byte)(m >> (40 - (8 * i)));
            span[i * 3] = Hex[b >> 4];
            span[(i * 3) + 1] = Hex[b & 15];
            if (i < 5)
            {
                span[(i * 3) + 2] = ':';
            }
        }
    });

    /// <summary>True for group (multicast/broadcast) addresses: the I/G bit of the first octet.</summary>
    public static bool IsMulticast(ulong mac) => ((mac >> 40) & 1) != 0;
}
