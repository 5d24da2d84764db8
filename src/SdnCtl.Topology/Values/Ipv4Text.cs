using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace SdnCtl.Topology.Values;

/// <summary>Strict IPv4 parsing for host addresses.</summary>
/// <remarks>
/// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> accepts legacy forms ("10.1" is
/// 10.0.0.1, "010" is octal), which in a topology file are almost always typos, so only the
/// dotted quad is accepted here.
/// </remarks>
internal static class Ipv4Text
{
    /// <summary>The prefix length of an address written without one: Mininet's default network, 10.0.0.0/8.</summary>
    public const int DefaultPrefixLength = 8;

    private const string Form = "an IPv4 address with an optional prefix length, like 10.0.0.1/24";

    /// <summary>Parses <c>a.b.c.d</c> or <c>a.b.c.d/len</c> and checks the result can be a host's address.</summary>
    public static bool TryParseHostAddress(string text, out uint address, out int prefixLength, [NotNullWhen(false)] out string? problem)
    {
        address = 0;
        prefixLength = DefaultPrefixLength;
        string addressText = text;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            addressText = text[..slash];
            ReadOnlySpan<char> prefixText = text.AsSpan(slash + 1);
            if (prefixText.Length is 0 or > 2 || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefixLength))
            {
                problem = $"'{text}' is not {Form}";
                return false;
            }

            if (prefixLength is < 1 or > 32)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"prefix length {prefixLength} in '{text}' is outside 1–32");
                return false;
            }
        }

        if (!TryParseDottedQuad(addressText, out address, out problem))
        {
            problem ??= $"'{text}' is not {Form}";
            return false;
        }

        problem = CheckHostAddress(address, prefixLength);
        return problem is null;
    }

    public static IPAddress ToIPAddress(uint address) =>
        new([(byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address]);

    public static string Format(uint address) => string.Create(
        CultureInfo.InvariantCulture,
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    /// <summary>Parses exactly <c>a.b.c.d</c> (no prefix, no leading zeros).</summary>
    public static bool TryParseDottedQuad(string text, out uint address) => TryParseDottedQuad(text, out address, out _);

    private static bool TryParseDottedQuad(string text, out uint address, out string? problem)
    {
        address = 0;
        problem = null;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (string part in parts)
        {
            if (part.Length is 0 or > 3 || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int octet))
            {
                return false;
            }

            if (octet > 255)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"'{text}' is not an IPv4 address: {octet} is outside 0–255");
                return false;
            }

            if (part.Length > 1 && part[0] == '0')
            {
                problem = $"'{text}' is not an IPv4 address: '{part}' has a leading zero, which some tools read as octal";
                return false;
            }

            address = (address << 8) | (uint)octet;
        }

        return true;
    }

    private static string? CheckHostAddress(uint address, int prefixLength)
    {
        string shown = Format(address);
        byte first = (byte)(address >> 24);
        if (address == 0)
        {
            return "0.0.0.0 is not a host address";
        }

        if (first == 127)
        {
            return $"{shown} is a loopback address, not a host address on the network";
        }

        if (first >= 224)
        {
            return first < 240
                ? $"{shown} is a multicast address, not a host address"
                : $"{shown} is a reserved or broadcast address, not a host address";
        }

        // /31 and /32 have no network or broadcast address (RFC 3021), so only shorter prefixes are checked.
        if (prefixLength <= 30)
        {
            uint hostMask = uint.MaxValue >> prefixLength;
            uint hostBits = address & hostMask;
            string network = string.Create(CultureInfo.InvariantCulture, $"{Format(address & ~hostMask)}/{prefixLength}");
            if (hostBits == 0)
            {
                return $"{shown} is the network address of {network}, not a host address";
            }

            if (hostBits == hostMask)
            {
                return $"{shown} is the broadcast address of {network}, not a host address";
            }
        }

        return null;
    }
}
