using System.Buffers.Binary;
using PacketDotNet;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Oxm;
using static SdnCtl.DataPlane.Tests.Support.Flows;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>VXLAN tunnel ports: encapsulation on output with tunnel_id, decapsulation before the tables.</summary>
public sealed class VxlanTunnelTests
{
    private const uint Uplink = 1;
    private const uint HostPort = 2;
    private const uint TunnelPort = 10;
    private const ulong Vni = 0xABCDE;
    private static readonly uint AddressA = OxmEntry.ParseIpv4("192.168.0.1");
    private static readonly uint AddressB = OxmEntry.ParseIpv4("192.168.0.2");
    private const ulong MacA = 0x0200_0000_0a01;
    private const ulong MacB = 0x0200_0000_0b01;

    private readonly SwitchPipeline _a = Vtep(AddressA, AddressB, MacA, MacB);
    private readonly SwitchPipeline _b = Vtep(AddressB, AddressA, MacB, MacA);

    [Fact]
    public void Output_WithTunnelId_SendsRfc7348VxlanOutOfTheUplink()
    {
        Ok(_a.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Apply(OfpAction.SetField(OxmEntry.TunnelId(Vni)), OfpAction.Output(TunnelPort)))));
        byte[] inner = Net.UdpAtoB();

        var (port, frame) = Assert.Single(_a.Receive(HostPort, inner).Outputs);

        Assert.Equal(Uplink, port);
        var eth = Assert.IsType<EthernetPacket>(Net.Parse(frame));
        Assert.Equal(MacA, Mac(eth.SourceHardwareAddress));
        Assert.Equal(MacB, Mac(eth.DestinationHardwareAddress));
        var ip = eth.Extract<IPv4Packet>();
        Assert.Equal("192.168.0.1", ip.SourceAddress.ToString());
        Assert.Equal("192.168.0.2", ip.DestinationAddress.ToString());
        Assert.True(ip.ValidIPChecksum);
        var udp = eth.Extract<UdpPacket>();
        Assert.Equal(4789, udp.DestinationPort);
        Assert.InRange(udp.SourcePort, 49152, 65535);
        var vxlan = Assert.IsType<VxlanPacket>(udp.PayloadPacket);
        Assert.Equal(0x08, vxlan.Flags);
        Assert.Equal(Vni, vxlan.Vni);
        Assert.Equal(inner, vxlan.PayloadPacket.Bytes);
        Assert.Equal(1UL, _a.Ports[TunnelPort].TxPackets);
        Assert.Equal(1UL, _a.Ports[Uplink].TxPackets);
    }

    [Fact]
    public void Receive_VxlanToThisVtep_EntersOnTheTunnelPortWithTunnelIdEqualToVni()
    {
        Ok(_a.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Apply(OfpAction.SetField(OxmEntry.TunnelId(Vni)), OfpAction.Output(TunnelPort)))));
        Ok(_b.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(TunnelPort), OxmEntry.TunnelId(Vni)), Out(HostPort))));
        byte[] inner = Net.UdpAtoB();
        byte[] outer = _a.Receive(HostPort, inner).Outputs.Single().Frame;

        var (port, frame) = Assert.Single(_b.Receive(Uplink, outer).Outputs);

        Assert.Equal(HostPort, port);
        Assert.Equal(inner, frame);
        Assert.Equal(1UL, _b.Ports[TunnelPort].RxPackets);
    }

    [Fact]
    public void Receive_OtherVni_DoesNotMatchTheRuleForTheVni()
    {
        Ok(_a.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Apply(OfpAction.SetField(OxmEntry.TunnelId(Vni + 1)), OfpAction.Output(TunnelPort)))));
        Ok(_b.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(TunnelPort), OxmEntry.TunnelId(Vni)), Out(HostPort))));
        byte[] outer = _a.Receive(HostPort, Net.UdpAtoB()).Outputs.Single().Frame;

        Assert.True(_b.Receive(Uplink, outer).Dropped);
    }

    [Fact]
    public void Output_WithoutTunnelId_IsDropped()
    {
        Ok(_a.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Out(TunnelPort))));

        Assert.True(_a.Receive(HostPort, Net.UdpAtoB()).Dropped);
        Assert.Equal(1UL, _a.Ports[TunnelPort].TxDropped);
    }

    [Fact]
    public void Receive_WithoutTheIFlag_IsDiscarded()
    {
        Ok(_a.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Apply(OfpAction.SetField(OxmEntry.TunnelId(Vni)), OfpAction.Output(TunnelPort)))));
        Ok(_b.ApplyFlowMod(Add(0, Any, Out(HostPort))));
        byte[] outer = _a.Receive(HostPort, Net.UdpAtoB()).Outputs.Single().Frame;
        outer[14 + 20 + 8] = 0;

        Assert.True(_b.Receive(Uplink, outer).Dropped);
    }

    [Fact]
    public void Receive_FromAnUnknownVtep_IsDiscarded()
    {
        var stranger = Vtep(OxmEntry.ParseIpv4("192.168.0.9"), AddressB, 0x0200_0000_0c01, MacB);
        Ok(stranger.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Apply(OfpAction.SetField(OxmEntry.TunnelId(Vni)), OfpAction.Output(TunnelPort)))));
        Ok(_b.ApplyFlowMod(Add(0, Any, Out(HostPort))));
        byte[] outer = stranger.Receive(HostPort, Net.UdpAtoB()).Outputs.Single().Frame;

        Assert.True(_b.Receive(Uplink, outer).Dropped);
    }

    [Fact]
    public void Receive_UdpToAnotherAddress_IsForwardedAsAnyFrame()
    {
        Ok(_a.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(HostPort)), Apply(OfpAction.SetField(OxmEntry.TunnelId(Vni)), OfpAction.Output(TunnelPort)))));
        var transit = PipelineWithPorts(ports: 2);
        Ok(transit.ApplyFlowMod(Add(10, Match(OxmEntry.InPort(1)), Out(2))));
        byte[] outer = _a.Receive(HostPort, Net.UdpAtoB()).Outputs.Single().Frame;

        Assert.Equal(outer, Assert.Single(transit.Receive(1, outer).Outputs).Frame);
    }

    private static SwitchPipeline Vtep(uint local, uint remote, ulong localMac, ulong remoteMac)
    {
        SwitchPipeline p = PipelineWithPorts(ports: 2);
        p.AddPort(new SwitchPort(TunnelPort, "vxlan0", 0x0200_0000_0f0f) { Vxlan = new VxlanPortConfig(local, remote, Uplink, localMac, remoteMac) });
        return p;
    }

    private static ulong Mac(System.Net.NetworkInformation.PhysicalAddress address)
    {
        Span<byte> bytes = stackalloc byte[8];
        address.GetAddressBytes().CopyTo(bytes[2..]);
        return BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }
}
