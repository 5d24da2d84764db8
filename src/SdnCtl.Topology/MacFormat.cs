namespace SdnCtl.Topology;

/// <summary>Formats and parses 48-bit MAC addresses held in the low bits of a <see cref="ulong"/>.</summary>
public static class MacFormat
{
    /// <summary>The largest MAC address, ff:ff:ff:ff:ff:ff (the broadcast address).</summary>
    public const ulong MaxValue = 0xFFFF_FFFF_FFFF;

    private const int TextLength = 17;

    /// <summary>Formats a MAC address as six lower-case hex octets separated by colons, like <c>00:00:00:00:00:01</c>.</summary>
    /// <param name="mac">The address, at most <see cref="MaxValue"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mac"/> does not fit in 48 bits.</exception>
    public static string Format(ulong mac)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mac, MaxValue);
        return string.Create(TextLength, mac, static (chars, value) =>
        {
            const string Digits = "0123456789abcdef";
            for (int octet = 0; octet < 6; octet++)
            {
                int shift = 40 - (octet * 8);
                int b = (int)((value >> shift) & 0xFF);
                int at = octet * 3;
                chars[at] = Digits[b >> 4];
                chars[at + 1] = Digits[b & 0xF];
                if (octet < 5)
                {
                    chars[at + 2] = ':';
                }
            }
        });
    }

    /// <summary>
    /// Parses six two-digit hex octets separated all by ':' or all by '-', in either case,
    /// like <c>00:1B:21:3a:4c:5d</c> or <c>00-1b-21-3a-4c-5d</c>.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="mac">The address, or 0 when the text is not one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a well-formed MAC address.</returns>
    public static bool TryParse(string? text, out ulong mac)
    {
        mac = 0;
        if (text is null || text.Length != TextLength)
        {
            return false;
        }

        char separator = text[2];
        if (separator is not (':' or '-'))
        {
            return false;
        }

        ulong value = 0;
        for (int octet = 0; octet < 6; octet++)
        {
            int at = octet * 3;
            int high = HexValue(text[at]);
            int low = HexValue(text[at + 1]);
            if (high < 0 || low < 0 || (octet < 5 && text[at + 2] != separator))
            {
                return false;
            }

            value = (value << 8) | (uint)((high << 4) | low);
        }

        mac = value;
        return true;
    }

    /// <summary>True for group (multicast and broadcast) addresses: the I/G bit, the low bit of the first octet, is set.</summary>
    internal static bool IsGroupAddress(ulong mac) => ((mac >> 40) & 1) != 0;

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
