using System.Buffers.Binary;
using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// VXLAN tunnel ports (RFC 7348), as Open vSwitch's vxlan vports behave: output to a tunnel port
/// with tunnel_id set encapsulates; a VXLAN datagram addressed to this VTEP is decapsulated before
/// the tables and enters them on the tunnel port of its sender with tunnel_id = VNI. Written by
/// hand because it is the switch's data path and must not allocate per packet.
/// </summary>
public sealed partial class SwitchPipeline
{
    // RFC 7348 §5: outer Ethernet (14) + outer IPv4 without options (20) + UDP (8) + VXLAN (8).
    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // |R|R|R|R|I|R|R|R|            Reserved                           |
    // |                VXLAN Network Identifier (VNI) |   Reserved    |
    private const int OuterEthernetLength = 14;
    private const int OuterIpv4Length = 20;
    private const int UdpLength = 8;
    private const int VxlanHeaderLength = 8;
    private const int EncapsulationLength = OuterEthernetLength + OuterIpv4Length + UdpLength + VxlanHeaderLength;
    private const byte VxlanFlagI = 0x08;
    private const ushort VxlanUdpPort = 4789;
    private const ulong MaxVni = 0xFF_FFFF;

    /// <summary>The VTEP address of this switch (0 when it has no tunnel port).</summary>
    public uint VtepAddress => _vtepAddress;

    private bool IsVxlanToUs(in PacketFields fields) =>
        fields.IsIpv4 && !fields.IsFragment && fields.Ipv4Dst == _vtepAddress
        && fields.IpProto == IpProtocols.Udp && fields.L4Dst == VxlanUdpPort;

    /// <summary>
    /// Strips the outer headers in place and re-parses the inner frame as arriving on the sender's
    /// tunnel port with tunnel_id = VNI. False (dropped) when the datagram is short, lacks the I
    /// flag (RFC 7348 §5: such packets are discarded) or comes from no VTEP we have a port for.
    /// </summary>
    private bool TryDecapsulate(PacketBuffer packet, ref PacketFields fields, PacketTrace? trace)
    {
        int vxlanOffset = fields.L4Offset + UdpLength;
        ReadOnlySpan<byte> frame = packet.Span;
        if (frame.Length < vxlanOffset + VxlanHeaderLength + OuterEthernetLength)
        {
            trace?.Add(new TraceStep(-1, "drop", "VXLAN datagram too short"));
            return false;
        }

        if ((frame[vxlanOffset] & VxlanFlagI) == 0)
        {
            trace?.Add(new TraceStep(-1, "drop", "VXLAN header without the I flag"));
            return false;
        }

        if (!_tunnelsByRemote.TryGetValue(fields.Ipv4Src, out SwitchPort? tunnel) || !tunnel.IsLive || (tunnel.Config & OpenFlow.Messages.PortConfig.NoRecv) != 0)
        {
            trace?.Add(new TraceStep(-1, "drop", "VXLAN datagram from an unknown VTEP or to a tunnel port that is down"));
            return false;
        }

        uint vni = BinaryPrimitives.ReadUInt32BigEndian(frame[(vxlanOffset + 4)..]) >> 8;
        packet.Remove(0, vxlanOffset + VxlanHeaderLength);
        tunnel.RxPackets++;
        tunnel.RxBytes += (ulong)packet.Length;
        PacketParser.Parse(packet.Span, tunnel.Number, out fields);
        fields.Set(OxmFieldId.TunnelId, vni);
        trace?.Add(new TraceStep(-1, "decap", $"VXLAN VNI {vni} from tunnel port {tunnel.Number}"));
        return true;
    }

    /// <summary>
    /// Sends a copy of the frame, encapsulated with VNI = tunnel_id, out of the tunnel's uplink.
    /// A frame without a tunnel_id (0) or with one wider than 24 bits is dropped rather than sent
    /// with VNI 0, so a FLOOD from the controller never crosses to another site.
    /// </summary>
    private void Encapsulate(SwitchPort tunnel, VxlanPortConfig vxlan, PacketBuffer packet, in PacketFields fields)
    {
        var st = _state;
        ulong vni = (ulong)fields.Get(OxmFieldId.TunnelId);
        if (vni is 0 or > MaxVni)
        {
            tunnel.TxDropped++;
            st.Trace?.Add(new TraceStep(st.TableId, "drop", $"output to VXLAN port {tunnel.Number} with tunnel_id {vni} (not a VNI)"));
            return;
        }

        if (!_ports.TryGetValue(vxlan.Uplink, out var uplink) || !uplink.IsLive || (uplink.Config & OpenFlow.Messages.PortConfig.NoFwd) != 0)
        {
            tunnel.TxDropped++;
            st.Trace?.Add(new TraceStep(st.TableId, "drop", $"VXLAN uplink {vxlan.Uplink} is down"));
            return;
        }

        var outer = RentBuffer();
        try
        {
            outer.SetFrame(packet.Span);
            Span<byte> head = outer.Insert(0, EncapsulationLength);
            int innerLength = packet.Length;
            var l2 = new L2Header(vxlan.LocalMac, vxlan.RemoteMac);
            int off = FrameBuilder.WriteEthernet(head, l2, EtherTypes.Ipv4);
            FrameBuilder.WriteIpv4Header(head[off..], vxlan.LocalAddress, vxlan.RemoteAddress, IpProtocols.Udp, UdpLength + VxlanHeaderLength + innerLength);
            Span<byte> udp = head[(off + OuterIpv4Length)..];

            // RFC 7348 §5: the source port is a hash of the inner flow (for ECMP in the underlay),
            // from the dynamic range; a zero UDP checksum is allowed over IPv4.
            BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)(0xC000 | (fields.FlowHash() & 0x3FFF)));
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], VxlanUdpPort);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpLength + VxlanHeaderLength + innerLength));
            BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
            Span<byte> header = udp[UdpLength..];
            BinaryPrimitives.WriteUInt32BigEndian(header, (uint)VxlanFlagI << 24);
            BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)vni << 8);

            tunnel.TxPackets++;
            tunnel.TxBytes += (ulong)innerLength;
            uplink.TxPackets++;
            uplink.TxBytes += (ulong)outer.Length;
            st.Trace?.Add(new TraceStep(st.TableId, "output", $"VXLAN port {tunnel.Number}: VNI {vni} to {vxlan.RemoteAddress >> 24}.{(vxlan.RemoteAddress >> 16) & 0xFF}.{(vxlan.RemoteAddress >> 8) & 0xFF}.{vxlan.RemoteAddress & 0xFF} via port {vxlan.Uplink}"));
            st.Output.Transmit(vxlan.Uplink, outer.Span);
        }
        finally
        {
            ReturnBuffer(outer);
        }
    }
}
