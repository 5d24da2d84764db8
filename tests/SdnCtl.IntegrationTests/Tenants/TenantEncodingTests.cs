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

    [Fact]
    public async Task VxlanSegment_OnTheUnderlay_IsUdp4789WithTheIFlagAndVni_AndTheInnerFrameIsTheOriginal()
    {
        await using var net = await NetworkFixture.StartAsync("virtualised-dc.yaml");
        await TenantIsolationTests.SettleAsync(net);
        var received = new System.Collections.Concurrent.ConcurrentQueue<byte[]>();
        void OnFrame(DataPlane.Hosts.SimulatedHost host, ReadOnlySpan<byte> frame) => received.Enqueue(frame.ToArray());
        DataPlane.Hosts.SimulatedHost web3 = net.Network.Inventory.FindHost("web-3")!;
        web3.FrameReceived += OnFrame;
        PortCapture uplink = net.Network.StartCapture(new PortRef("srv-a1", 1), Path.Combine(_directory, "underlay.pcap"))!;
        PortCapture access = net.Network.StartCapture(new PortRef("srv-a1", 4), Path.Combine(_directory, "web-1.pcap"))!;

        Assert.Equal(PingStatus.Replied, (await net.Network.PingAsync("web-1", "web-3", TimeSpan.FromSeconds(10))).Status);
        uplink.Stop();
        access.Stop();
        web3.FrameReceived -= OnFrame;

        // The web VMs' frames never appear bare on the fabric: only inside VXLAN.
        List<EthernetPacket> onUplink = [.. Decode(uplink.Path)];
        Assert.DoesNotContain(onUplink, f => IsWebFrame(f));
        List<(IPv4Packet Ip, UdpPacket Udp, VxlanPacket Vxlan)> tunnelled = [.. onUplink
            .Select(f => f.Extract<UdpPacket>())
            .Where(u => u is { DestinationPort: 4789 })
            .Select(u => ((IPv4Packet)u.ParentPacket, u, Assert.IsType<VxlanPacket>(u.PayloadPacket)))];
        Assert.NotEmpty(tunnelled);
        Assert.All(tunnelled, t =>
        {
            Assert.Equal(0x08, t.Vxlan.Flags);
            Assert.Equal(5001u, t.Vxlan.Vni);
            Assert.True(t.Ip.ValidIPChecksum);
            var inner = Assert.IsType<EthernetPacket>(t.Vxlan.PayloadPacket);
            Assert.True(IsWebFrame(inner), $"a non-web frame inside VNI 5001: {inner}");
            Assert.NotEqual(EthernetType.VLanTaggedFrame, inner.Type);
        });

        // Outbound from web-1: srv-a1 (192.168.100.11) to srv-b1 (.21); the echo request inside is
        // byte for byte what web-1 sent on its access port and what web-3 received.
        byte[][] sentByWeb1 = [.. Decode(access.Path).Where(f => f.Extract<IcmpV4Packet>() is { } icmp && icmp.TypeCode == IcmpV4TypeCode.EchoRequest).Select(f => f.Bytes)];
        Assert.NotEmpty(sentByWeb1);
        var requests = tunnelled.Where(t => t.Vxlan.PayloadPacket.Extract<IcmpV4Packet>() is { TypeCode: IcmpV4TypeCode.EchoRequest }).ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, t =>
        {
            Assert.Equal("192.168.100.11", t.Ip.SourceAddress.ToString());
            Assert.Equal("192.168.100.21", t.Ip.DestinationAddress.ToString());
            byte[] inner = t.Vxlan.PayloadPacket.Bytes;
            Assert.Contains(sentByWeb1, sent => sent.AsSpan().SequenceEqual(inner));
            Assert.Contains(received, r => r.AsSpan().SequenceEqual(inner));
        });

        // Replies come back the other way, and web-1's ARP broadcast went to every VTEP with web VMs.
        Assert.Contains(tunnelled, t => t.Ip.SourceAddress.ToString() == "192.168.100.21" && t.Ip.DestinationAddress.ToString() == "192.168.100.11");
        var arpTargets = tunnelled.Where(t => t.Vxlan.PayloadPacket.Extract<ArpPacket>() is { Operation: ArpOperation.Request } && t.Ip.SourceAddress.ToString() == "192.168.100.11")
            .Select(t => t.Ip.DestinationAddress.ToString()).ToHashSet();
        Assert.Equal(["192.168.100.12", "192.168.100.21"], arpTargets.Order(StringComparer.Ordinal));
    }

    private static bool IsWebFrame(EthernetPacket frame)
    {
        byte[] mac = frame.SourceHardwareAddress.GetAddressBytes();
        return mac[0] == 0 && mac[1] == 0 && mac[2] == 0 && mac[3] == 0 && mac[4] == 0x40;
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
