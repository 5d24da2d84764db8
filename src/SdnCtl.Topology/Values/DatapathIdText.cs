using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SdnCtl.Topology.Values;

/// <summary>Parses and formats OpenFlow datapath ids.</summary>
public static class DatapathIdText
{
    private const string RangeText = "1–18446744073709551615";

    /// <summary>
    /// Accepts an integer (decimal or <c>0x</c> hex) or the colon form Open vSwitch and Ryu print,
    /// eight two-digit hex octets like <c>00:00:00:00:00:00:00:01</c>. Zero is rejected: OpenFlow
    /// switches never report it and controllers commonly use it as "no datapath".
    /// </summary>
    public static bool TryParse(string text, out ulong dpid, [NotNullWhen(false)] out string? problem)
    {
        problem = null;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!TryParseColonForm(text, out dpid))
            {
                problem = $"'{text}' is not a datapath id: write an integer or eight hex octets like 00:00:00:00:00:00:00:01";
                return false;
            }
        }
        else
        {
            switch (IntegerText.TryParse(text, out dpid))
            {
                case IntegerParseStatus.Ok:
                    break;
                case IntegerParseStatus.Negative:
                case IntegerParseStatus.TooLarge:
                    problem = $"datapath id {text} is outside {RangeText} (64 bits)";
                    return false;
                default:
                    problem = $"'{text}' is not a datapath id: write an integer or eight hex octets like 00:00:00:00:00:00:00:01";
                    return false;
            }
        }

        if (dpid == 0)
        {
            problem = $"datapath id 0 is not allowed: datapath ids are {RangeText}";
            return false;
        }

        return true;
    }

    /// <summary>Formats like Open vSwitch: <c>00:00:00:00:00:00:00:01</c>.</summary>
    public static string Format(ulong dpid)
    {
        return string.Create(23, dpid, static (chars, value) =>
        {
            for (int octet = 0; octet < 8; octet++)
            {
                int b = (int)((value >> (56 - (octet * 8))) & 0xFF);
                b.TryFormat(chars[(octet * 3)..], out _, "x2", CultureInfo.InvariantCulture);
                if (octet < 7)
                {
                    chars[(octet * 3) + 2] = ':';
                }
            }
        });
    }

    private static bool TryParseColonForm(string text, out ulong dpid)
    {
        dpid = 0;
        if (text.Length != 23)
        {
            return false;
        }

        for (int octet = 0; octet < 8; octet++)
        {
            ReadOnlySpan<char> digits = text.AsSpan(octet * 3, 2);
            if (!char.IsAsciiHexDigit(digits[0]) || !char.IsAsciiHexDigit(digits[1]) || (octet < 7 && text[(octet * 3) + 2] != ':'))
            {
                return false;
            }

            dpid = (dpid << 8) | byte.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        return true;
    }
}
