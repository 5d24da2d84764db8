using PacketDotNet;
using SdnCtl.DataPlane.Capture;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Tests.Network;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Tests.Capture;

/// <summary>pcap files written by <see cref="PcapWriter"/> and port captures, decoded with PacketDotNet.</summary>
public sealed class PcapCaptureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sdnctl-pcap-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_TaggedAndUntaggedFrames_ReadBackByLibpcapRulesAndPacketDotNet()
    {
        byte[] tagged = FrameBuilder.ArpRequest(0x0000_0000_0001, 0x0a00_0001, 0x0a00_0002, vlanVid: 42);
        byte[] untagged = FrameBuilder.ArpRequest(0x0000_0000_0002, 0x0a00_0002, 0x0a00_0001);
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream))
        {
            writer.Write(tagged);
            writer.Write(untagged);
            Assert.Equal(2, writer.Frames);
        }

        var (linkType, records) = PcapFile.Read(stream.ToArray());

        Assert.Equal(1u, linkType);
        Assert.Equal(2, records.Count);
        Assert.Equal(tagged, records[0].Frame);
        Assert.Equal(tagged.Length, records[0].OriginalLength);
        var tag = Packet.ParsePacket(LinkLayers.Ethernet, records[0].Frame).Extract<Ieee8021QPacket>();
        Assert.Equal(42, tag.VlanIdentifier);
        Assert.Null(Packet.ParsePacket(LinkLayers.Ethernet, records[1].Frame).Extract<Ieee8021QPacket>());
        Assert.NotNull(Packet.ParsePacket(LinkLayers.Ethernet, records[1].Frame).Extract<ArpPacket>());
    }

    [Fact]
    public async Task StartCapture_HostPort_RecordsTheHostsFramesAndStopClosesTheFile()
    {
        await using var network = new SimulatedNetwork(TestTopologies.Ring3());
        string path = Path.Combine(_directory, "s1-1.pcap");

        PortCapture capture = network.StartCapture(new PortRef("s1", 1), path)!;
        network.Hosts[0].SendGratuitousArp();
        await network.WhenIdleAsync();
        capture.Stop();

        Assert.False(capture.IsRunning);
        Assert.Equal(1, capture.Frames);
        var (_, records) = PcapFile.Read(await File.ReadAllBytesAsync(path));
        var arp = Packet.ParsePacket(LinkLayers.Ethernet, Assert.Single(records).Frame).Extract<ArpPacket>();
        Assert.Equal("10.0.0.1", arp.SenderProtocolAddress.ToString());
        Assert.Equal([capture], network.Captures);
    }

    [Fact]
    public async Task StartCapture_UnknownOrUncabledPort_ReturnsNull()
    {
        await using var network = new SimulatedNetwork(TestTopologies.Ring3());

        Assert.Null(network.StartCapture(new PortRef("s9", 1), Path.Combine(_directory, "a.pcap")));
        Assert.Null(network.StartCapture(new PortRef("s1", 7), Path.Combine(_directory, "b.pcap")));
    }
}
