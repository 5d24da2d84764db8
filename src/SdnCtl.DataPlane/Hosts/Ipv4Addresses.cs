using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SdnCtl.DataPlane.Hosts;

/// <summary>IPv4 addresses as 32-bit numbers (the form frames and OXM use).</summary>
internal static class Ipv4Addresses
{
    public static uint ToUInt32(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToIPAddress(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }

    public static string Format(uint address) => ToIPAddress(address).ToString();

    public static uint Mask(int prefixLength) => prefixLength <= 0 ? 0 : prefixLength >= 32 ? uint.MaxValue : uint.MaxValue << (32 - prefixLength);
}
