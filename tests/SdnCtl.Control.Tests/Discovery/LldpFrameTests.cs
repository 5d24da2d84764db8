using System.Buffers.Binary;
using System.Text;
using SdnCtl.Control.Discovery;
using SdnCtl.Control.Packets;

namespace SdnCtl.Control.Tests.Discovery;

public class LldpFrameTests
{
    [Fact]
    public void Build_ThenTryParse_ReturnsDatapathPortAndTtl()
    {
        byte[] frame = LldpFrame.Build(0x0000_00ab_cdef_0001, 42, 0x0200_0000_0001, 3, nonce: 0x1234_5678_9abc_def0);

        Assert.True(LldpFrame.TryParse(frame, out LldpProbe probe));
        Assert.Equal(0x0000_00ab_cdef_0001UL, probe.DatapathId);
        Assert.Equal(42u, probe.PortNo);
        Assert.Equal(3, probe.TtlSeconds);
        Assert.Equal("dpid:000000abcdef0001", probe.ChassisId);
        Assert.Equal(0x1234_5678_9abc_def0UL, probe.Nonce);
        Assert.Equal(LldpFrame.Size, frame.Length);
    }

    [Fact]
    public void Build_Always_WritesStandardHeaderAndMandatoryTlvsInOrder()
    {
        byte[] frame = LldpFrame.Build(10, 7, 0x0200_0000_0a07, 120, nonce: 99);

        Assert.True(EthernetHeader.TryRead(frame, out EthernetHeader eth));
        Assert.Equal(0x0180_c200_000eUL, eth.Destination);
        Assert.Equal(0x0200_0000_0a07UL, eth.Source);
        Assert.Equal(0x88cc, eth.EtherType);

        var tlvs = ReadTlvs(frame.AsSpan(EthernetHeader.Size));
        Assert.Equal([1, 2, 3, 127, 0], tlvs.Select(t => t.Type));

        // Chassis id: subtype 7 (locally assigned), "dpid:%016x".
        Assert.Equal(7, tlvs[0].Value[0]);
        Assert.Equal("dpid:000000000000000a", Encoding.ASCII.GetString(tlvs[0].Value[1..]));

        // Port id: subtype 2 (port component), 32-bit port number.
        Assert.Equal(2, tlvs[1].Value[0]);
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(tlvs[1].Value.AsSpan(1)));

        Assert.Equal(120, BinaryPrimitives.ReadUInt16BigEndian(tlvs[2].Value));

        // Organisation TLV: SdnCtl's identifier and subtype, then dpid and port in binary.
        Assert.Equal(new byte[] { 0x0a, 0x5d, 0xc7, 1 }, tlvs[3].Value[..4]);
        Assert.Equal(10UL, BinaryPrimitives.ReadUInt64BigEndian(tlvs[3].Value.AsSpan(4)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32BigEndian(tlvs[3].Value.AsSpan(12)));
        Assert.Equal(99UL, BinaryPrimitives.ReadUInt64BigEndian(tlvs[3].Value.AsSpan(16)));
        Assert.Empty(tlvs[4].Value);
    }

    [Fact]
    public void TryParse_LldpWithoutSdnCtlTlv_ReturnsFalse()
    {
        // A neighbour's LLDP: the same mandatory TLVs but no organisation TLV of ours.
        byte[] ours = LldpFrame.Build(1, 1, 0x0200_0000_0001, 3, nonce: 5);
        int orgAt = EthernetHeader.Size + 24 + 7 + 4;
        byte[] foreign = [.. ours[..orgAt], 0, 0];

        Assert.False(LldpFrame.TryParse(foreign, out _));
    }

    [Fact]
    public void TryParse_TlvLongerThanFrame_ReturnsFalse()
    {
        byte[] frame = LldpFrame.Build(1, 1, 0x0200_0000_0001, 3, nonce: 5);

        Assert.False(LldpFrame.TryParse(frame.AsSpan(0, frame.Length - 10), out _));
    }

    [Fact]
    public void TryParse_NotLldp_ReturnsFalse()
    {
        byte[] frame = LldpFrame.Build(1, 1, 0x0200_0000_0001, 3, nonce: 5);
        frame[12] = 0x08;
        frame[13] = 0x00;

        Assert.False(LldpFrame.TryParse(frame, out _));
    }

    private static List<(int Type, byte[] Value)> ReadTlvs(ReadOnlySpan<byte> tlvs)
    {
        var list = new List<(int, byte[])>();
        while (tlvs.Length >= 2)
        {
            ushort header = BinaryPrimitives.ReadUInt16BigEndian(tlvs);
            int type = header >> 9, length = header & 0x1ff;
            list.Add((type, tlvs.Slice(2, length).ToArray()));
            tlvs = tlvs[(2 + length)..];
            if (type == 0)
            {
                break;
            }
        }

        return list;
    }
}
