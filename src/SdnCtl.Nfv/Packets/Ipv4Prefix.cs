using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SdnCtl.Nfv.Packets;

/// <summary>An IPv4 address with a prefix length, the address held in host byte order.</summary>
/// <param name="Address">The address (host order); for a network, its host bits are zero.</param>
/// <param name="Length">Prefix length, 0–32.</param>
public readonly record struct Ipv4Prefix(uint Address, int Length)
{
    /// <summary>The netmask of <see cref="Length"/> in host order.</summary>
    public uint Mask => MaskOf(Length);

    /// <summary>The network this address sits in (host bits cleared).</summary>
    public uint Network => Address & Mask;

    /// <summary>True when <paramref name="address"/> lies in this prefix.</summary>
    public bool Contains(uint address) => (address & Mask) == Network;

    /// <summary>The netmask for a prefix length (0 gives 0, 32 gives all ones).</summary>
    public static uint MaskOf(int length) => length == 0 ? 0 : uint.MaxValue << (32 - length);

    /// <summary>
    /// Parses <c>a.b.c.d/len</c>, or a bare <c>a.b.c.d</c> as a /32. With <paramref name="network"/>
    /// the host bits must be zero (a route or rule prefix), otherwise any address is kept (an interface).
    /// </summary>
    public static bool TryParse(string? text, bool network, out Ipv4Prefix prefix, out string? error)
    {
        prefix = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is required (a.b.c.d/len)";
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        int length = 32;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > 32))
        {
            error = $"'{text}' has a prefix length that is not 0–32";
            return false;
        }

        if (!TryParseAddress(addressText, out uint address))
        {
            error = $"'{text}' is not an IPv4 address";
            return false;
        }

        prefix = new Ipv4Prefix(address, length);
        if (network && prefix.Network != address)
        {
            error = $"'{text}' has host bits set; the network is {FormatAddress(prefix.Network)}/{length}";
            return false;
        }

        return true;
    }

    /// <summary>Parses a dotted-quad IPv4 address into host order.</summary>
    public static bool TryParseAddress(string? text, out uint address)
    {
        address = 0;
        if (text is null || !IPAddress.TryParse(text, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || text.Count(c => c == '.') != 3)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        address = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    /// <summary>Formats a host-order IPv4 address as a dotted quad.</summary>
    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FormatAddress(Address)}/{Length}");
}
