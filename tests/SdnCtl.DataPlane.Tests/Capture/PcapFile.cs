using System.Buffers.Binary;

namespace SdnCtl.DataPlane.Tests.Capture;

/// <summary>
/// Reads a classic pcap file the way libpcap does, independently of our writer: checks the magic,
/// version and link type, then splits the records.
/// </summary>
internal static class PcapFile
{
    public static (uint LinkType, List<(DateTimeOffset Time, int OriginalLength, byte[] Frame)> Records) Read(byte[] file)
    {
        Assert.True(file.Length >= 24, "a pcap file has a 24-byte global header");
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
        Assert.Equal((2, 4), (BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)), BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6))));
        uint linkType = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20));
        var records = new List<(DateTimeOffset, int, byte[])>();
        int at = 24;
        while (at < file.Length)
        {
            Assert.True(at + 16 <= file.Length, "truncated record header");
            uint seconds = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            uint micros = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 4));
            int included = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            int original = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12));
            Assert.InRange(micros, 0u, 999_999u);
            Assert.True(at + 16 + included <= file.Length, "truncated record");
            records.Add((DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10), original, file.AsSpan(at + 16, included).ToArray()));
            at += 16 + included;
        }

        return (linkType, records);
    }
}
