using System.Globalization;
using System.Text;

namespace SdnCtl.OpenFlow.Tests.TestSupport;

/// <summary>Hex fixtures written like the spec's struct diagrams: one field per line, "//" comments.</summary>
internal static class Hex
{
    /// <summary>Parses hex digits, ignoring whitespace, '|' separators and "//" comments to the end of a line.</summary>
    public static byte[] Parse(string text)
    {
        var digits = new StringBuilder();
        foreach (var rawLine in text.Split('\n'))
        {
            int comment = rawLine.IndexOf("//", StringComparison.Ordinal);
            var line = comment >= 0 ? rawLine[..comment] : rawLine;
            foreach (char c in line)
            {
                if (Uri.IsHexDigit(c))
                {
                    digits.Append(c);
                }
                else if (!char.IsWhiteSpace(c) && c != '|')
                {
                    throw new FormatException($"unexpected '{c}' in hex fixture");
                }
            }
        }

        if (digits.Length % 2 != 0)
        {
            throw new FormatException("odd number of hex digits");
        }

        var bytes = new byte[digits.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = byte.Parse(digits.ToString(2 * i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }

        return bytes;
    }

    /// <summary>A fixed-size NUL-padded ASCII field as hex, for the spec's char arrays.</summary>
    public static string Ascii(string value, int size)
    {
        var bytes = new byte[size];
        Encoding.ASCII.GetBytes(value, bytes);
        return Convert.ToHexString(bytes);
    }

    /// <summary>Lowercase hex of <paramref name="bytes"/> for failure messages.</summary>
    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
