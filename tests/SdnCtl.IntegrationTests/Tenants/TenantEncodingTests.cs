using System.Buffers.Binary;
using PacketDotNet;
using SdnCtl.DataPlane.Capture;
using SdnCtl.DataPlane.Network;
using SdnCtl.IntegrationTests.Network;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Tenants;

/// <summary>
/// What the compiled rules put on the wire, captured to pcap and decoded with PacketDotNet (not our
/// parser): trunks carry TPID 0x8100 with the segment's VID, PCP and DEI 0; access ports are untagged.
/// </summary>
public sealed class TenantEncodingTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sdnctl-tenant-pcap-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Trunk_CarriesEachSegmentTaggedWithItsVidAndPcp_AccessPortIsUntagged()
    {
        await using var net = await NetworkFixture.StartAsync("virtualised-dc.yaml");
        await TenantIsolationTests.SettleAsync(net);
        PortCapture trunk = net.Network.StartCapture(new PortRef("srv-a1", 1), Path.Combine(_directory, "trunk.pcap"))!;
        PortCapture access = net.Network.StartCapture(new PortRef("srv-a1", 2), Path.Combine(_directory, "access.pcap"))!;

        Assert.Equal(PingStatus.Replied, (await net.Network.PingAsync("prod-1", "prod-3", TimeSpan.FromSeconds(10))).Status);
        Assert.Equal(PingStatus.Replied, (await net.Network.PingAsync("test-1", "test-3", TimeSpan.FromSeconds(10))).Status);
        trunk.Stop();
        access.Stop();

        // Frames between tenant hosts (MACs 00:00:00:00:xx:xx) decoded independently.
        List<EthernetPacket> onTrunk = [.. Decode(trunk.Path).Where(IsTenantHostFrame)];
        List<EthernetPacket> onAccess = [.. Decode(access.Path).Where(IsTenantHostFrame)];
        Assert.NotEmpty(onTrunk);
        Assert.NotEmpty(onAccess);
        var seen = new HashSet<(int Vid, int Pcp)>();
        foreach (EthernetPacket frame in onTrunk)
        {
            Assert.Equal(EthernetType.VLanTaggedFrame, frame.Type);
            var tag = frame.Extract<Ieee8021QPacket>();
            Assert.NotNull(tag);
            Assert.False(tag.CanonicalFormatIndicator); // the DEI bit
            int expectedVid = SegmentVid(frame.SourceHardwareAddress.GetAddressBytes());
            Assert.Equal(expectedVid, tag.VlanIdentifier);
            Assert.Equal(expectedVid == 10 ? 5 : 0, (int)tag.PriorityControlPoint);
            seen.Add((tag.VlanIdentifier, (int)tag.PriorityControlPoint));
        }

        Assert.Contains((10, 5), seen);
        Assert.Contains((20, 0), seen);
        Assert.All(onAccess, frame =>
        {
            Assert.NotEqual(EthernetType.VLanTaggedFrame, frame.Type);
            Assert.Null(frame.Extract<Ieee8021QPacket>());
        });
        Assert.Contains(onAccess, f => f.Extract<IcmpV4Packet>() is not null);
    }

    private static bool IsTenantHostFrame(EthernetPacket frame)
    {
        byte[] mac = frame.SourceHardwareAddress.GetAddressBytes();
        return mac[0] == 0 && mac[1] == 0 && mac[2] == 0 && mac[3] == 0 && mac[4] is 0x10 or 0x20 or 0x30;
    }

    /// <summary>virtualised-dc.yaml numbers its hosts 00:00:00:00:VV:nn with VV the VLAN of their segment.</summary>
    private static int SegmentVid(byte[] mac) => mac[4] switch
    {
        0x10 => 10,
        0x20 => 20,
        _ => 30,
    };

    private static IEnumerable<EthernetPacket> Decode(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(0xa1b2c3d4u, BinaryPrimitives.ReadUInt32LittleEndian(file));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(20)));
        for (int at = 24; at < file.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8));
            byte[] frame = file.AsSpan(at + 16, length).ToArray();
            at += 16 + length;
            yield return (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, frame);
        }
    }
}
