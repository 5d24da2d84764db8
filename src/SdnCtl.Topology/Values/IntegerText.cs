using System.Globalization;

namespace SdnCtl.Topology.Values;

/// <summary>Parses the integers a topology file may hold: decimal (optionally signed) or <c>0x</c> hex.</summary>
/// <remarks>
/// YamlDotNet's representation model hands every scalar over as text, so the loader decides
/// what an integer is. It follows YAML 1.2's core schema for the forms it accepts.
/// </remarks>
internal static class IntegerText
{
    public static IntegerParseStatus TryParse(string text, out ulong value)
    {
        value = 0;
        ReadOnlySpan<char> span = text.AsSpan();
        bool negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.Length > 2 && span[0] == '0' && span[1] is 'x' or 'X')
        {
            ReadOnlySpan<char> hex = span[2..];
            if (!IsAll(hex, char.IsAsciiHexDigit))
            {
                return IntegerParseStatus.Invalid;
            }

            if (!ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
            {
                return IntegerParseStatus.TooLarge;
            }
        }
        else
        {
            if (span.Length == 0 || !IsAll(span, char.IsAsciiDigit))
            {
                return IntegerParseStatus.Invalid;
            }

            if (!ulong.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                return IntegerParseStatus.TooLarge;
            }
        }

        // The magnitude is kept so that callers with signed ranges can still use it.
        return negative && value != 0 ? IntegerParseStatus.Negative : IntegerParseStatus.Ok;
    }

    private static bool IsAll(ReadOnlySpan<char> span, Func<char, bool> predicate)
    {
        foreach (char c in span)
        {
            if (!predicate(c))
            {
                return false;
            }
        }

        return true;
    }
}
