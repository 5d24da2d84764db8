using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using SdnCtl.Control.Core;
using SdnCtl.Control.Hosts;
using SdnCtl.Control.Network;
using SdnCtl.Control.Packets;
using SdnCtl.OpenFlow;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// The reactive answer to a PACKET_IN, made on the session's I/O thread from what the control loop
/// publishes, for the one case that needs nothing but a host's location: a unicast frame toward a
/// known host attached to the very switch that reported it. The answer (FLOW_MOD eth_dst → port, then
/// PACKET_OUT of the frame out of that port) is what <see cref="ReactiveForwarding.HandlePacketIn"/>
/// sends for the same input, byte for byte, but it costs no message object, no hop to the loop thread
/// and no hop back to the I/O thread for the write.
/// </summary>
/// <remarks>
/// <para>
/// The single-writer rule holds: this never changes the network state. What a packet-in teaches (its
/// sender's location) and what the answer installed (a hop in the destination's route tree) go to the
/// loop as a <see cref="FastAnswer"/> input, in the same channel and so the same order as the
/// packet-ins the loop handles itself, and the loop applies it exactly as the loop path would have
/// (see <see cref="ReactiveForwarding.ApplyFastAnswer"/>).
/// </para>
/// <para>
/// Where hosts are is read from two maps: the loop's own (<see cref="NetworkState.HostLocations"/>,
/// written by the loop as it learns, moves and removes hosts) and the sightings, senders that a
/// packet-in on its way to the loop will teach it about (written here, on the I/O threads, just before
/// that input is queued, and only for an unknown sender on what the published topology says is an
/// edge port). A sighting lets the next packet-in toward a brand-new host be answered before the loop
/// has caught up with the first one. An answer that relied on one is queued behind the input that
/// learns it (always on the same session; on another, unless it read the sighting in the instant
/// before that input was queued), so the loop finds the host learned when it applies the answer, or
/// deletes the rule. The loop removes a sighting once it has handled its input, learned from it or
/// not (and a sighting whose input could not be queued is removed at once), so none outlives it.
/// </para>
/// <para>
/// It declines (and the loop path runs, unchanged) for everything else: not a plain PACKET_IN
/// (buffered, truncated, any match field but in_port), LLDP, group destinations (floods, proxy ARP),
/// unknown destinations, a host on another switch (the rules span sessions), a hairpin, a sender
/// known elsewhere (a move, which reroutes), a frame that may be an echo of a recent flood, and any
/// packet-in while tenants exist (the caller checks that, with the switch and the queue bound).
/// </para>
/// <para>
/// Guarantee under races: an answer can only be stale by the inputs the loop is applying while it is
/// made (a host move or removal). Every answer reaches the loop after its bytes were queued on the
/// session, and the loop corrects a stale one (re-adds the rule where the host now is, or deletes it)
/// on the same session, behind it: a host move or loss is never overtaken for longer than until the
/// loop applies the answer. The rule spans only the reporting switch, so links (and a link loss) play
/// no part in it.
/// </para>
/// </remarks>
internal sealed class ReactiveFastPath
{
    // OpenFlow 1.3.5 §7.4.1 ofp_packet_in: header(8) buffer_id(4) total_len(2) reason(1) table_id(1)
    // cookie(8), then ofp_match (§7.2.2: type(2) length(2) OXMs, padded to 8), 2 pad bytes, data.
    // The only match taken is in_port alone: OXM header 0x80000004 (class OPENFLOW_BASIC, field
    // IN_PORT, 4 bytes) and its value, 12 bytes padded to 16.
    private const int MatchOffset = 24;
    private const int InPortMatchLength = 4 + 4 + 4;
    private const uint InPortOxmHeader = 0x8000_0004;
    private const int DataOffset = MatchOffset + 16 + 2;

    private readonly HostLocationTable _hosts;
    private readonly ConcurrentDictionary<ulong, SwitchPort> _sightings = new();
    private readonly FloodGuard _floodGuard;

    // Published by the loop when the graph changes: every port with a discovered link (not an edge
    // port, so nothing is learned there), and the declared topology's relayed ports.
    private volatile FrozenSet<SwitchPort> _linkPorts = FrozenSet<SwitchPort>.Empty;
    private volatile DeclaredTopology? _declared;
    private readonly AnswerTemplate _template;

    public ReactiveFastPath(HostLocationTable hosts, FloodGuard floodGuard, AnswerTemplate template)
    {
        _hosts = hosts;
        _floodGuard = floodGuard;
        _template = template;
    }

    /// <summary>The most a fast answer takes besides the frame itself.</summary>
    public int AnswerOverhead => _template.FlowModLength + _template.PacketOutOverhead;

    /// <summary>
    /// Answers <paramref name="packetIn"/> from switch <paramref name="dpid"/> into
    /// <paramref name="answer"/> (FLOW_MOD then PACKET_OUT, xids 0) and returns the bytes written,
    /// or 0 to decline with nothing written; <paramref name="learned"/> is then for the loop.
    /// </summary>
    public int TryAnswer(ulong dpid, ReadOnlySpan<byte> packetIn, Span<byte> answer, out FastAnswer learned)
    {
        learned = default;
        if (!TryReadPacketIn(packetIn, out uint inPort, out ReadOnlySpan<byte> frame) ||
            !EthernetHeader.TryRead(frame, out EthernetHeader eth) ||
            eth.EtherType == EtherTypes.Lldp ||
            Mac.IsGroup(eth.Destination) ||
            eth.Source == eth.Destination)
        {
            return 0;
        }

        if (!TryLocate(eth.Destination, out SwitchPort to) || to.DatapathId != dpid || to.PortNo == inPort)
        {
            return 0;
        }

        if (TryLocate(eth.Source, out SwitchPort from) && from != new SwitchPort(dpid, inPort))
        {
            return 0;
        }

        int flowModLength = _template.FlowModLength, packetOutLength = _template.PacketOutOverhead + frame.Length;
        int length = flowModLength + packetOutLength;
        if (length > answer.Length || packetOutLength > ushort.MaxValue || _floodGuard.MayBeEcho(frame))
        {
            return 0;
        }

        _template.WriteFlowMod(answer[..flowModLength], eth.Destination, to.PortNo);
        _template.WritePacketOut(answer.Slice(flowModLength, packetOutLength), to.PortNo, frame);

        bool learnable = HostTracker.TryReadSender(eth, frame, out uint ipv4);
        learned = new FastAnswer(eth.Source, eth.Destination, inPort, to.PortNo, ipv4, learnable);
        return length;
    }

    /// <summary>Sightings not yet handled by the loop, for tests.</summary>
    public int SightingCount => _sightings.Count;

    /// <summary>The loop publishes what sightings depend on: the ports with links, and the declared topology.</summary>
    public void Publish(IEnumerable<LinkInfo> links, DeclaredTopology? declared)
    {
        var ports = new HashSet<SwitchPort>();
        foreach (LinkInfo link in links)
        {
            ports.Add(link.Source);
            ports.Add(link.Destination);
        }

        _linkPorts = ports.ToFrozenSet();
        _declared = declared;
    }

    /// <summary>
    /// A packet-in from <paramref name="dpid"/>:<paramref name="inPort"/> has just been queued to the loop
    /// (answered here or not): note its sender, if the loop will learn it there, for the answers that follow.
    /// </summary>
    public void NoteSender(ulong dpid, uint inPort, ReadOnlySpan<byte> frame)
    {
        if (!EthernetHeader.TryRead(frame, out EthernetHeader eth) || !HostTracker.TryReadSender(eth, frame, out _))
        {
            return;
        }

        if (!_floodGuard.MayBeEcho(frame))
        {
            NoteSender(new SwitchPort(dpid, inPort), eth.Source);
        }
    }

    /// <summary>As above, for a fast answer's learnable sender (the frame was read and checked already).</summary>
    public void NoteSender(SwitchPort at, ulong source)
    {
        if (!_hosts.ContainsKey(source) && !_linkPorts.Contains(at) && _declared?.IsRelayed(at, source) != true)
        {
            _sightings.TryAdd(source, at);
        }
    }

    /// <summary>The loop handled the packet-in of <paramref name="mac"/> at <paramref name="at"/>: its sighting, if any, has served.</summary>
    public void Forget(ulong mac, SwitchPort at) => _sightings.TryRemove(new KeyValuePair<ulong, SwitchPort>(mac, at));

    private bool TryLocate(ulong mac, out SwitchPort at) => _hosts.TryGetValue(mac, out at) || _sightings.TryGetValue(mac, out at);

    /// <summary>
    /// Reads a PACKET_IN the fast path can take: unbuffered, not truncated, in_port its only match
    /// field. False for anything else, well-formed or not; the codec then decodes it (and answers
    /// OFPT_ERROR if it is malformed).
    /// </summary>
    public static bool TryReadPacketIn(ReadOnlySpan<byte> message, out uint inPort, out ReadOnlySpan<byte> frame)
    {
        inPort = 0;
        frame = default;
        if (message.Length < DataOffset ||
            message[0] != OfpConstants.Version ||
            message[1] != (byte)OfpType.PacketIn ||
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]) != message.Length ||
            BinaryPrimitives.ReadUInt32BigEndian(message[8..]) != OfpConstants.NoBuffer ||
            BinaryPrimitives.ReadUInt16BigEndian(message[MatchOffset..]) != 1 ||
            BinaryPrimitives.ReadUInt16BigEndian(message[(MatchOffset + 2)..]) != InPortMatchLength ||
            BinaryPrimitives.ReadUInt32BigEndian(message[(MatchOffset + 4)..]) != InPortOxmHeader)
        {
            return false;
        }

        frame = message[DataOffset..];
        if (BinaryPrimitives.ReadUInt16BigEndian(message[12..]) != frame.Length)
        {
            return false;
        }

        inPort = BinaryPrimitives.ReadUInt32BigEndian(message[(MatchOffset + 8)..]);
        return inPort is not 0 && inPort <= OfpPortNo.Max;
    }
}
