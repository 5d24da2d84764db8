using System.Buffers.Binary;
using System.Net;

namespace SdnCtl.Nfv.Tests.Support;

/// <summary>
/// Builds test frames byte by byte from the RFC layouts (checked against PacketDotNet in
/// TestFramesTests), so appliance output is judged by a decoder that is not ours.
/// </summary>
internal static class TestFrames
{
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Ack = 0x10;

    public static uint Ip(string text) => BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(text).GetAddressBytes());

    public static byte[] Tcp(ulong srcMac, ulong dstMac, string src, ushort srcPort, string dst, ushort dstPort, byte flags,
        uint seq = 1000, uint ack = 0, byte ttl = 64, int payload = 0)
    {
        byte[] l4 = new byte[20 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(l4, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), dstPort);
        BinaryPrimitives.WriteUInt32BigEndian(l4.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(l4.AsSpan(8), ack);
        l4[12] = 5 << 4;
        l4[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(14), 65535);
        return Ipv4(srcMac, dstMac, src, dst, 6, ttl, l4, checksumAt: 16);
    }

    public static byte[] Udp(ulong srcMac, ulong dstMac, string src, ushort srcPort, string dst, ushort dstPort, byte ttl = 64, int payload = 4)
    {
        byte[] l4 = new byte[8 + payload];
        BinaryPrimitives.WriteUInt16BigEndian(l4, srcPort);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), dstPort);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(4), (ushort)l4.Length);
        for (int i = 8; i < l4.Length; i++)
        {
            l4[i] = (byte)i;
        }

        return Ipv4(srcMac, dstMac, src, dst, 17, ttl, l4, checksumAt: 6);
    }

    public static byte[] Icmp(ulong srcMac, ulong dstMac, string src, string dst, byte type, ushort id = 0x1234, ushort sequence = 1, byte ttl = 64)
    {
        byte[] l4 = new byte[16];
        l4[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(6), sequence);
        BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(2), Fold(Sum(l4, 0)));
        return Ipv4(srcMac, dstMac, src, dst, 1, ttl, l4, checksumAt: -1);
    }

    public static byte[] Arp(ushort operation, ulong senderMac, string senderIp, ulong targetMac, string targetIp)
    {
        byte[] f = new byte[60];
        WriteMac(f, operation == 1 ? 0xFFFF_FFFF_FFFF : targetMac);
        WriteMac(f.AsSpan(6), senderMac);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0806);
        Span<byte> a = f.AsSpan(14);
        BinaryPrimitives.WriteUInt16BigEndian(a, 1);
        BinaryPrimitives.WriteUInt16BigEndian(a[2..], 0x0800);
        a[4] = 6;
        a[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(a[6..], operation);
        WriteMac(a[8..], senderMac);
        BinaryPrimitives.WriteUInt32BigEndian(a[14..], Ip(senderIp));
        WriteMac(a[18..], operation == 1 ? 0 : targetMac);
        BinaryPrimitives.WriteUInt32BigEndian(a[24..], Ip(targetIp));
        return f;
    }

    public static ulong Mac(byte[] frame, int at) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(at)) << 32) | BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(at + 2));

    private static byte[] Ipv4(ulong srcMac, ulong dstMac, string src, string dst, byte protocol, byte ttl, byte[] l4, int checksumAt)
    {
        byte[] f = new byte[14 + 20 + l4.Length];
        WriteMac(f, dstMac);
        WriteMac(f.AsSpan(6), srcMac);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
        Span<byte> ip = f.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + l4.Length));
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], 0x4242);
        ip[8] = ttl;
        ip[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], Ip(src));
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], Ip(dst));
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Fold(Sum(ip, 0)));
        if (checksumAt >= 0)
        {
            uint pseudo = Sum(ip.Slice(12, 8), 0) + protocol + (uint)l4.Length;
            BinaryPrimitives.WriteUInt16BigEndian(l4.AsSpan(checksumAt), Fold(Sum(l4, pseudo)));
        }

        l4.CopyTo(f, 34);
        return f;
    }

    private static void WriteMac(Span<byte> at, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(at[2..], (uint)mac);
    }

    private static uint Sum(ReadOnlySpan<byte> data, uint sum)
    {
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if ((data.Length & 1) != 0)
        {
            sum += (uint)data[^1] << 8;
        }

        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
