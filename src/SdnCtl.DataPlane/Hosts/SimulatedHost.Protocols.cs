using System.Buffers.Binary;
using SdnCtl.DataPlane.Packets;

namespace SdnCtl.DataPlane.Hosts;

public sealed partial class SimulatedHost
{
    private const int EthernetHeaderSize = 14;
    private const int ArpPacketSize = 28;
    private const uint LimitedBroadcast = 0xffff_ffff;

    // Replies are built here, on the executor, so answering a frame allocates nothing.
    private byte[] _scratch = new byte[PacketBuffer.DefaultCapacity];
    private uint _nextIsn;

    // 32 bytes, as Windows ping sends: easy to recognise in a capture.
    private static ReadOnlySpan<byte> EchoPayload => "abcdefghijklmnopqrstuvwabcdefghi"u8;

    /// <summary>Handles one received frame; runs on the executor.</summary>
    private void Process(ReadOnlySpan<byte> frame)
    {
        Counters.Increment(HostCounter.FramesReceived);
        Counters.Add(HostCounter.BytesReceived, frame.Length);
        if (frame.Length < EthernetHeaderSize)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        ulong dst = PacketParser.ReadMac(frame);
        bool broadcast = dst == L2Header.Broadcast;
        bool multicast = !broadcast && MacAddresses.IsMulticast(dst);
        if (broadcast)
        {
            Counters.Increment(HostCounter.BroadcastFramesReceived);
        }
        else if (multicast)
        {
            Counters.Increment(HostCounter.MulticastFramesReceived);
        }

        FrameReceived?.Invoke(this, frame);
        if (dst != Mac && !broadcast && !multicast)
        {
            Counters.Increment(HostCounter.FramesNotForHost);
            return;
        }

        PacketParser.Parse(frame, 0, out var fields);
        ulong src = PacketParser.ReadMac(frame[6..]);
        // Answer on the VLAN the frame came in on, as a host on a trunk port would.
        ushort vid = fields.VlanTagCount > 0 ? (ushort)(fields.VlanVid & 0x0fff) : (ushort)0;
        switch (fields.EthType)
        {
            case EtherTypes.Arp:
                HandleArp(frame[fields.L3Offset..], vid);
                break;
            case EtherTypes.Ipv4:
                HandleIpv4(frame, in fields, new L2Header(Mac, src, vid));
                break;
            default:
                break;
        }
    }

    /*
     * RFC 826 for Ethernet/IPv4: htype(2)=1 ptype(2)=0x0800 hlen(1)=6 plen(1)=4 op(2) sha(6) spa(4) tha(6) tpa(4)
     */
    private void HandleArp(ReadOnlySpan<byte> arp, ushort vid)
    {
        if (arp.Length < ArpPacketSize || BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 ||
            BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != EtherTypes.Ipv4 || arp[4] != 6 || arp[5] != 4)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        ushort op = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]);
        ulong sha = PacketParser.ReadMac(arp[8..]);
        uint spa = BinaryPrimitives.ReadUInt32BigEndian(arp[14..]);
        uint tpa = BinaryPrimitives.ReadUInt32BigEndian(arp[24..]);
        if (op == 1)
        {
            Counters.Increment(HostCounter.ArpRequestsReceived);
        }
        else if (op == 2)
        {
            Counters.Increment(HostCounter.ArpRepliesReceived);
        }

        if (sha == Mac)
        {
            // Our own request or announcement, reflected by a flood.
            return;
        }

        // RFC 826's merge rule: refresh a known sender always, add a new one only when we are the target.
        bool forUs = tpa == Ipv4Address;
        if (spa != 0 && (forUs || _arpCache.ContainsKey(spa)))
        {
            Learn(spa, sha);
        }

        if (op == 1 && forUs)
        {
            var reply = Scratch(EthernetHeaderSize + 4 + ArpPacketSize);
            int length = FrameBuilder.WriteArp(reply, new L2Header(Mac, sha, vid), 2, Mac, Ipv4Address, sha, spa);
            Counters.Increment(HostCounter.ArpRepliesSent);
            TransmitFrame(reply[..length]);
        }
    }

    private void HandleIpv4(ReadOnlySpan<byte> frame, in PacketFields fields, in L2Header replyL2)
    {
        var ip = frame[fields.L3Offset..];
        if (!fields.IsIpv4 || ip.Length < 20)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        uint dstIp = fields.Ipv4Dst;
        if (dstIp != Ipv4Address)
        {
            // Broadcast IP traffic (DHCP and the like) was seen and counted; this stack does not answer it.
            bool broadcast = dstIp == LimitedBroadcast || dstIp == (Ipv4Address | ~_netmask);
            if (!broadcast)
            {
                Counters.Increment(HostCounter.FramesNotForHost);
            }

            return;
        }

        int headerLength = (ip[0] & 0x0f) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        // Frames may carry Ethernet padding after the datagram: the IP length is what counts.
        if (totalLength < headerLength || totalLength > ip.Length || fields.IsLaterFragment || fields.L4Offset < 0)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        var l4 = ip[headerLength..totalLength];
        uint srcIp = fields.Ipv4Src;
        switch (fields.IpProto)
        {
            case IpProtocols.Icmp:
                HandleIcmp(l4, srcIp, replyL2);
                break;
            case IpProtocols.Tcp:
                HandleTcp(l4, srcIp, replyL2);
                break;
            case IpProtocols.Udp:
                HandleUdp(l4, srcIp, replyL2);
                break;
            default:
                break;
        }
    }

    /*
     * RFC 792 echo / echo reply: type(1) code(1) checksum(2) identifier(2) sequence(2) data
     */
    private void HandleIcmp(ReadOnlySpan<byte> icmp, uint srcIp, in L2Header replyL2)
    {
        if (icmp.Length < 8)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        ushort identifier = BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]);
        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]);
        switch (icmp[0])
        {
            case 8:
                {
                    Counters.Increment(HostCounter.IcmpEchoRequestsReceived);
                    var reply = Scratch(replyL2.Length + 20 + icmp.Length);
                    int length = FrameBuilder.WriteIcmpEcho(reply, replyL2, Ipv4Address, srcIp, reply: true, identifier, sequence, icmp[8..]);
                    Counters.Increment(HostCounter.IcmpEchoRepliesSent);
                    TransmitFrame(reply[..length]);
                    break;
                }

            case 0:
                Counters.Increment(HostCounter.IcmpEchoRepliesReceived);
                uint key = EchoKey(identifier, sequence);
                if (_echoWaiters.TryGetValue(key, out var waiter) && waiter.Peer == srcIp)
                {
                    waiter.Completion.TrySetResult(_clock.GetTimestamp());
                }

                break;
            default:
                break;
        }
    }

    /*
     * RFC 9293 3.1: src port(2) dst port(2) seq(4) ack(4) data offset/flags(2) window(2) checksum(2) urgent(2) [options]
     */
    private void HandleTcp(ReadOnlySpan<byte> tcp, uint srcIp, in L2Header replyL2)
    {
        if (tcp.Length < 20)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        ushort srcPort = BinaryPrimitives.ReadUInt16BigEndian(tcp);
        ushort dstPort = BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]);
        uint seq = BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]);
        uint ack = BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]);
        int dataOffset = (tcp[12] >> 4) * 4;
        var flags = (TcpFlags)tcp[13];
        bool syn = (flags & TcpFlags.Syn) != 0;
        bool hasAck = (flags & TcpFlags.Ack) != 0;
        if ((flags & TcpFlags.Rst) != 0)
        {
            // Never answer a reset (RFC 9293 3.10.7.1).
            Counters.Increment(HostCounter.TcpRstReceived);
            CompleteConnect(dstPort, ConnectStatus.Refused);
            return;
        }

        if (syn && !hasAck)
        {
            Counters.Increment(HostCounter.TcpSynReceived);
            if (_tcpListeners.ContainsKey(dstPort))
            {
                // A fresh ISN per connection, deterministic per host so runs repeat exactly.
                _nextIsn += 64_000;
                uint isn = (uint)(Mac * 2_654_435_761UL) + _nextIsn;
                SendTcp(replyL2, srcIp, dstPort, srcPort, TcpFlags.Syn | TcpFlags.Ack, isn, seq + 1);
                Counters.Increment(HostCounter.TcpSynAckSent);
                return;
            }
        }
        else if (syn)
        {
            Counters.Increment(HostCounter.TcpSynAckReceived);
            CompleteConnect(dstPort, ConnectStatus.Connected);
        }
        else if (_tcpListeners.ContainsKey(dstPort))
        {
            // The handshake's ACK or data on a listening port: accepted (there is no stream to deliver to).
            Counters.Increment(HostCounter.TcpSegmentsAccepted);
            return;
        }

        // RFC 9293 3.10.7.1, state CLOSED: if ACK is on, <SEQ=SEG.ACK><CTL=RST>, else
        // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (SYN and FIN each count one).
        if (hasAck)
        {
            SendTcp(replyL2, srcIp, dstPort, srcPort, TcpFlags.Rst, ack, 0);
        }
        else
        {
            uint segmentLength = (uint)Math.Max(0, tcp.Length - dataOffset) + (syn ? 1u : 0) + ((flags & TcpFlags.Fin) != 0 ? 1u : 0);
            SendTcp(replyL2, srcIp, dstPort, srcPort, TcpFlags.Rst | TcpFlags.Ack, 0, seq + segmentLength);
        }

        Counters.Increment(HostCounter.TcpRstSent);
    }

    private void SendTcp(in L2Header l2, uint dstIp, ushort srcPort, ushort dstPort, TcpFlags flags, uint seq, uint ack)
    {
        var frame = Scratch(l2.Length + 40);
        int length = FrameBuilder.WriteTcp(frame, l2, Ipv4Address, dstIp, srcPort, dstPort, flags, seq, ack, default);
        TransmitFrame(frame[..length]);
    }

    /*
     * RFC 768: src port(2) dst port(2) length(2) checksum(2) data
     */
    private void HandleUdp(ReadOnlySpan<byte> udp, uint srcIp, in L2Header replyL2)
    {
        int length = udp.Length >= 8 ? BinaryPrimitives.ReadUInt16BigEndian(udp[4..]) : 0;
        if (length < 8 || length > udp.Length)
        {
            Counters.Increment(HostCounter.MalformedFramesReceived);
            return;
        }

        Counters.Increment(HostCounter.UdpReceived);
        ushort srcPort = BinaryPrimitives.ReadUInt16BigEndian(udp);
        ushort dstPort = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        if (_udpClientPorts.ContainsKey(dstPort))
        {
            CompleteConnect(dstPort, ConnectStatus.Connected);
            return;
        }

        if (!Options.EchoUdp)
        {
            return;
        }

        var payload = udp[8..length];
        var reply = Scratch(replyL2.Length + 28 + payload.Length);
        int written = FrameBuilder.WriteUdp(reply, replyL2, Ipv4Address, srcIp, dstPort, srcPort, payload);
        Counters.Increment(HostCounter.UdpEchoed);
        TransmitFrame(reply[..written]);
    }

    private Span<byte> Scratch(int needed)
    {
        if (needed > _scratch.Length)
        {
            // Jumbo frames only: grow once and keep the bigger buffer.
            _scratch = new byte[Math.Max(needed, _scratch.Length * 2)];
        }

        return _scratch;
    }
}
