using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Layer3;

/// <summary>
/// What the router and the NAT share as IPv4 hosts on their segments: answering ARP for their own
/// addresses, answering ping to them, sending ICMP errors, and delivering a forwarded packet to a
/// next hop whose MAC is learnt by ARP — holding the packet (copied to a pooled buffer) until the
/// reply comes, retrying the request, and giving up with ICMP host unreachable.
/// </summary>
internal sealed class Layer3Core
{
    private readonly IReadOnlyList<VirtualInterface> _interfaces;
    private readonly TimeProvider _time;
    private readonly uint[] _ips;
    private readonly ulong[] _macs;
    private readonly long _entryTimeout;
    private readonly long _retryInterval;
    private readonly NeighborTimings _timings;
    private readonly Dictionary<ulong, Neighbor> _neighbors = [];
    private readonly Dictionary<ulong, Pending> _pending = [];

    public Layer3Core(IReadOnlyList<VirtualInterface> interfaces, TimeProvider time, NeighborTimings timings)
    {
        _interfaces = interfaces;
        _time = time;
        _timings = timings;
        _ips = interfaces.Select(i => i.Address!.Value.Address).ToArray();
        _macs = interfaces.Select(i => i.Mac).ToArray();
        _entryTimeout = ToTimestamp(timings.EntryTimeout);
        _retryInterval = ToTimestamp(timings.RetryInterval);
    }

    public long ArpRequestsSent { get; private set; }

    public long ArpUnresolved { get; private set; }

    public long QueueFull { get; private set; }

    public long TtlExpired { get; private set; }

    public long Malformed { get; private set; }

    public long NotForUs { get; private set; }

    public long Tagged { get; private set; }

    public int NeighborCount => _neighbors.Count;

    /// <summary>The interface's address.</summary>
    public uint AddressOf(int iface) => _ips[iface];

    /// <summary>
    /// Handles what is addressed to the appliance itself (ARP, ping to its addresses) and filters what
    /// it must not forward. Returns true when the frame is done with (<paramref name="disposition"/> says
    /// how); false with a parsed <paramref name="packet"/> that the caller should forward.
    /// </summary>
    /// <remarks>
    /// With <c>passLocal</c> IPv4 packets to the appliance's own addresses are left to the caller too
    /// (the NAT translates what arrives for its outside address, then calls <see cref="AnswerLocal"/> for the rest).
    /// </remarks>
    public bool TryHandleLocal(int ingress, Span<byte> frame, IFrameSink sink, bool passLocal, out FrameDisposition disposition, out Ipv4Packet packet)
    {
        packet = default;
        disposition = FrameDisposition.Dropped;
        if (!Ipv4Packet.TryReadEtherType(frame, out ushort etherType, out int l3))
        {
            Malformed++;
            return true;
        }

        if (l3 != Ipv4Packet.EthernetHeader)
        {
            // Interfaces of layer-3 appliances are access ports on one segment each: the switch pops
            // the tag. Routing a tagged frame would carry the ingress VLAN's tag onto another segment.
            Tagged++;
            return true;
        }

        if (etherType == Ipv4Packet.EtherTypeArp)
        {
            disposition = HandleArp(ingress, frame, l3, sink);
            return true;
        }

        if (etherType != Ipv4Packet.EtherTypeIpv4 || FrameWriter.ReadMac(frame) != _macs[ingress])
        {
            // Routers do not forward what was not sent to them (broadcast, other hosts' unicast, IPv6...).
            NotForUs++;
            return true;
        }

        if (!Ipv4Packet.TryParse(frame, l3, out packet))
        {
            Malformed++;
            return true;
        }

        if (!passLocal && IsLocal(packet.Destination))
        {
            disposition = AnswerLocal(ingress, frame, in packet, sink);
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="address"/> is one of the appliance's own.</summary>
    public bool IsLocal(uint address) => Array.IndexOf(_ips, address) >= 0;

    /// <summary>Answers a packet to one of the appliance's own addresses: ping is answered, the rest dropped.</summary>
    public FrameDisposition AnswerLocal(int ingress, Span<byte> frame, in Ipv4Packet packet, IFrameSink sink)
    {
        if (packet.Protocol == IpProtocol.Icmp && packet.HasPorts && frame[packet.L4] == 8)
        {
            FrameWriter.TurnIntoEchoReply(frame, in packet, _macs[ingress]);
            sink.Emit(ingress, frame[..packet.End]);
            return FrameDisposition.Answered;
        }

        return FrameDisposition.Dropped;
    }

    /// <summary>Sends ICMP time exceeded when the packet's TTL would run out here; true when it did.</summary>
    public bool TtlExpires(int ingress, ReadOnlySpan<byte> frame, in Ipv4Packet packet, IFrameSink sink)
    {
        if (frame[packet.TtlOffset] > 1)
        {
            return false;
        }

        TtlExpired++;
        SendIcmpError(ingress, frame, in packet, 11, 0, sink);
        return true;
    }

    /// <summary>Sends an ICMP error about <paramref name="packet"/> back out of <paramref name="ingress"/>, from that interface's address.</summary>
    public void SendIcmpError(int ingress, ReadOnlySpan<byte> frame, in Ipv4Packet packet, byte type, byte code, IFrameSink sink)
    {
        // Never about an ICMP error, a later fragment, or a broadcast/multicast source (RFC 1812 §4.3.2.7).
        if ((packet.Protocol == IpProtocol.Icmp && (!packet.HasPorts || frame[packet.L4] is not (0 or 8 or 13 or 14)))
            || !packet.FirstFragment || packet.Source == 0 || packet.Source >= 0xE000_0000)
        {
            return;
        }

        Span<byte> answer = stackalloc byte[FrameWriter.MaxAnswer];
        int length = FrameWriter.WriteIcmpError(answer, frame, in packet, type, code, _macs[ingress], _ips[ingress]);
        sink.Emit(ingress, answer[..length]);
    }

    /// <summary>
    /// Decrements the TTL (the caller checked it) and sends the packet out of <paramref name="egress"/>
    /// to <paramref name="nextHop"/>, or queues it while the next hop's MAC is being resolved.
    /// </summary>
    public FrameDisposition Forward(int ingress, int egress, uint nextHop, Span<byte> frame, in Ipv4Packet packet, IFrameSink sink)
    {
        byte ttl = frame[packet.TtlOffset];
        byte protocol = frame[packet.TtlOffset + 1];
        frame[packet.TtlOffset] = (byte)(ttl - 1);
        Checksum.Patch(frame, packet.ChecksumOffset, (ushort)((ttl << 8) | protocol), (ushort)(((ttl - 1) << 8) | protocol));
        ulong senderMac = FrameWriter.ReadMac(frame[6..]);
        FrameWriter.WriteMac(frame[6..], _macs[egress]);
        ulong key = Key(egress, nextHop);
        long now = _time.GetTimestamp();
        ref Neighbor neighbor = ref CollectionsMarshal.GetValueRefOrNullRef(_neighbors, key);
        if (!Unsafe.IsNullRef(ref neighbor) && neighbor.ExpiresAt > now)
        {
            FrameWriter.WriteMac(frame, neighbor.Mac);
            sink.Emit(egress, frame[..packet.End]);
            return FrameDisposition.Forwarded;
        }

        return Enqueue(ingress, egress, nextHop, key, senderMac, frame[..packet.End], now, sink);
    }

    /// <summary>Retries and gives up pending resolutions; forgets stale neighbors.</summary>
    public void Tick(IFrameSink sink)
    {
        long now = _time.GetTimestamp();
        foreach ((ulong key, Neighbor neighbor) in _neighbors)
        {
            if (neighbor.ExpiresAt <= now)
            {
                _neighbors.Remove(key);
            }
        }

        foreach ((ulong key, Pending pending) in _pending)
        {
            if (pending.NextRequestAt > now)
            {
                continue;
            }

            if (pending.RequestsSent > _timings.Retries)
            {
                _pending.Remove(key);
                GiveUp(pending, sink);
                continue;
            }

            SendRequest((int)(key >> 32), (uint)key, sink);
            pending.RequestsSent++;
            pending.NextRequestAt = now + _retryInterval;
        }
    }

    /// <summary>The neighbor table for reading: (interface, IP, MAC).</summary>
    public IEnumerable<(int Interface, uint Address, ulong Mac)> Neighbors()
    {
        long now = _time.GetTimestamp();
        foreach ((ulong key, Neighbor neighbor) in _neighbors)
        {
            if (neighbor.ExpiresAt > now)
            {
                yield return ((int)(key >> 32), (uint)key, neighbor.Mac);
            }
        }
    }

    private FrameDisposition HandleArp(int ingress, Span<byte> frame, int l3, IFrameSink sink)
    {
        if (frame.Length < l3 + 28)
        {
            Malformed++;
            return FrameDisposition.Dropped;
        }

        Span<byte> arp = frame[l3..];
        if (BinaryPrimitives.ReadUInt16BigEndian(arp) != 1 || BinaryPrimitives.ReadUInt16BigEndian(arp[2..]) != Ipv4Packet.EtherTypeIpv4
            || arp[4] != 6 || arp[5] != 4)
        {
            Malformed++;
            return FrameDisposition.Dropped;
        }

        ushort operation = BinaryPrimitives.ReadUInt16BigEndian(arp[6..]);
        ulong senderMac = FrameWriter.ReadMac(arp[8..]);
        uint senderIp = BinaryPrimitives.ReadUInt32BigEndian(arp[14..]);
        uint targetIp = BinaryPrimitives.ReadUInt32BigEndian(arp[24..]);
        bool forUs = targetIp == _ips[ingress];
        bool onLink = _interfaces[ingress].Address!.Value.Contains(senderIp) && senderIp != _ips[ingress];
        if (onLink && (senderMac & 0x0100_0000_0000) == 0)
        {
            // RFC 826 merge: refresh a known sender; learn a new one only when it talks to us.
            ulong key = Key(ingress, senderIp);
            if (forUs || _neighbors.ContainsKey(key) || _pending.ContainsKey(key))
            {
                Learn(key, senderMac, sink);
            }
        }

        if (operation == FrameWriter.ArpRequest && forUs)
        {
            Span<byte> reply = stackalloc byte[FrameWriter.MinFrame];
            int length = FrameWriter.WriteArp(reply, FrameWriter.ArpReply, _macs[ingress], _ips[ingress], senderMac, senderIp);
            sink.Emit(ingress, reply[..length]);
            return FrameDisposition.Answered;
        }

        return FrameDisposition.Dropped;
    }

    private void Learn(ulong key, ulong mac, IFrameSink sink)
    {
        _neighbors[key] = new Neighbor(mac, _time.GetTimestamp() + _entryTimeout);
        if (_pending.Remove(key, out Pending? pending))
        {
            int egress = (int)(key >> 32);
            foreach (QueuedFrame queued in pending.Frames)
            {
                Span<byte> frame = queued.Buffer.AsSpan(0, queued.Length);
                FrameWriter.WriteMac(frame, mac);
                sink.Emit(egress, frame);
                ArrayPool<byte>.Shared.Return(queued.Buffer);
            }
        }
    }

    private FrameDisposition Enqueue(int ingress, int egress, uint nextHop, ulong key, ulong senderMac, ReadOnlySpan<byte> frame, long now, IFrameSink sink)
    {
        if (!_pending.TryGetValue(key, out Pending? pending))
        {
            pending = new Pending { RequestsSent = 1, NextRequestAt = now + _retryInterval };
            _pending.Add(key, pending);
            SendRequest(egress, nextHop, sink);
        }

        if (pending.Frames.Count >= _timings.MaxQueuedPerNeighbor)
        {
            QueueFull++;
            return FrameDisposition.Dropped;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(frame.Length);
        frame.CopyTo(buffer);
        pending.Frames.Add(new QueuedFrame(buffer, frame.Length, ingress, senderMac));
        return FrameDisposition.Queued;
    }

    private void SendRequest(int egress, uint nextHop, IFrameSink sink)
    {
        ArpRequestsSent++;
        Span<byte> request = stackalloc byte[FrameWriter.MinFrame];
        int length = FrameWriter.WriteArp(request, FrameWriter.ArpRequest, _macs[egress], _ips[egress], 0, nextHop);
        sink.Emit(egress, request[..length]);
    }

    private void GiveUp(Pending pending, IFrameSink sink)
    {
        foreach (QueuedFrame queued in pending.Frames)
        {
            ArpUnresolved++;
            Span<byte> frame = queued.Buffer.AsSpan(0, queued.Length);
            FrameWriter.WriteMac(frame[6..], queued.SenderMac);
            if (Ipv4Packet.TryReadEtherType(frame, out _, out int l3) && Ipv4Packet.TryParse(frame, l3, out Ipv4Packet packet))
            {
                SendIcmpError(queued.Ingress, frame, in packet, 3, 1, sink);
            }

            ArrayPool<byte>.Shared.Return(queued.Buffer);
        }
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private static ulong Key(int iface, uint ip) => ((ulong)(uint)iface << 32) | ip;

    private readonly record struct Neighbor(ulong Mac, long ExpiresAt);

    private readonly record struct QueuedFrame(byte[] Buffer, int Length, int Ingress, ulong SenderMac);

    private sealed class Pending
    {
        public List<QueuedFrame> Frames { get; } = [];

        public int RequestsSent { get; set; }

        public long NextRequestAt { get; set; }
    }
}
