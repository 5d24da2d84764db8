using System.Diagnostics.CodeAnalysis;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SdnCtl.Topology.Values;

namespace SdnCtl.Topology.Tenants;

/// <summary>An IPv4 network, <c>a.b.c.d/len</c>, with the host bits zero.</summary>
/// <param name="Address">The network address, host bits clear, most significant octet first.</param>
/// <param name="Length">The prefix length, 0–32.</param>
public readonly record struct Ipv4Prefix(uint Address, int Length)
{
    /// <summary>The netmask of <see cref="Length"/> bits.</summary>
    public uint Mask => Length == 0 ? 0 : uint.MaxValue << (32 - Length);

    /// <summary>True when <paramref name="address"/> is inside this network.</summary>
    public bool Contains(uint address) => (address & Mask) == Address;

    /// <summary>True when <paramref name="address"/> is an IPv4 address inside this network.</summary>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[4];
        return address.AddressFamily == AddressFamily.InterNetwork && address.TryWriteBytes(bytes, out _)
            && Contains(BinaryPrimitives.ReadUInt32BigEndian(bytes));
    }

    /// <summary>True when the two networks share at least one address (one contains the other).</summary>
    public bool Overlaps(Ipv4Prefix other)
    {
        uint mask = Length < other.Length ? Mask : other.Mask;
        return (Address & mask) == (other.Address & mask);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ipv4Text.Format(Address)}/{Length}");

    /// <summary>Parses <c>a.b.c.d/len</c>; the host bits must be zero so that a typo is not silently widened.</summary>
    public static bool TryParse(string? text, out Ipv4Prefix value, [NotNullWhen(false)] out string? problem)
    {
        value = default;
        int slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0)
        {
            problem = $"'{text}' is not a subnet: write a network and prefix length like 10.1.0.0/24";
            return false;
        }

        ReadOnlySpan<char> lengthText = text.AsSpan(slash + 1);
        if (lengthText.Length is 0 or > 2 || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out int length) || length > 32)
        {
            problem = $"'{text}' is not a subnet: the prefix length after '/' must be 0–32";
            return false;
        }

        if (!Ipv4Text.TryParseDottedQuad(text[..slash], out uint address))
        {
            problem = $"'{text}' is not a subnet: '{text[..slash]}' is not a dotted-quad IPv4 address";
            return false;
        }

        var prefix = new Ipv4Prefix(address, length);
        if ((address & ~prefix.Mask) != 0)
        {
            problem = $"'{text}' has host bits set; the network is {new Ipv4Prefix(address & prefix.Mask, length)}";
            return false;
        }

        value = prefix;
        problem = null;
        return true;
    }
}
