using System.Buffers.Binary;
using SdnCtl.Control.Packets;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// The two messages of a reactive answer toward a host out of one port of the reporting switch, as the
/// codec encodes them for MAC 0 and port 0 (see <see cref="ReactiveForwarding.AnswerTemplates"/>):
/// writing one is a copy and three patched fields (cookie, eth_dst, output port; the PACKET_OUT's port,
/// length and frame). The fast path answers with them on the I/O threads, and the loop sends its own
/// packet-in answers with them (<see cref="EncodedMessage"/>), so both put the same bytes on the wire.
/// </summary>
internal sealed class AnswerTemplate
{
    // §7.3.4.1 ofp_flow_mod: the match starts at 48; its first OXM (eth_dst) header at 52, value at 56.
    private const int FlowModCookieOffset = 8;
    private const int FlowModMatchOffset = 48;
    private const int FlowModEthDstOffset = FlowModMatchOffset + 8;

    // OXM header of eth_dst: class OPENFLOW_BASIC, field ETH_DST (3) without mask, 6 bytes.
    private const uint OxmEthDstHeader = 0x8000_0606;

    // §7.3.7 ofp_packet_out: header(8) buffer_id(4) in_port(4) actions_len(2) pad(6), then the output
    // action (§7.2.5: type(2) len(2) port(4) max_len(2) pad(6)) and the frame.
    private const int PacketOutPortOffset = 24 + 4;

    private readonly byte[] _flowMod;
    private readonly byte[] _packetOut;
    private readonly int _flowModPortOffset;

    public AnswerTemplate(byte[] flowMod, byte[] packetOut)
    {
        _flowMod = flowMod;
        _packetOut = packetOut;

        // The output action sits in the apply-actions instruction (8-byte header) after the padded
        // match; its port 4 bytes into it.
        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(_flowMod.AsSpan(FlowModMatchOffset + 2));
        _flowModPortOffset = FlowModMatchOffset + ((matchLength + 7) & ~7) + 8 + 4;
        if (BinaryPrimitives.ReadUInt32BigEndian(_flowMod.AsSpan(FlowModMatchOffset + 4)) != OxmEthDstHeader ||
            _flowModPortOffset + 4 > _flowMod.Length || _packetOut.Length != PacketOutPortOffset + 12)
        {
            throw new InvalidOperationException("the forwarding rule's layout is not eth_dst → apply_actions(output)");
        }
    }

    /// <summary>The FLOW_MOD's length.</summary>
    public int FlowModLength => _flowMod.Length;

    /// <summary>The PACKET_OUT's length without its frame.</summary>
    public int PacketOutOverhead => _packetOut.Length;

    /// <summary>Writes the FLOW_MOD toward <paramref name="mac"/> out of <paramref name="port"/>, xid 0, into <paramref name="dest"/> (<see cref="FlowModLength"/> bytes).</summary>
    public void WriteFlowMod(Span<byte> dest, ulong mac, uint port)
    {
        _flowMod.CopyTo(dest);
        BinaryPrimitives.WriteUInt64BigEndian(dest[FlowModCookieOffset..], FlowCookies.Forwarding(mac));
        Mac.Write(dest[FlowModEthDstOffset..], mac);
        BinaryPrimitives.WriteUInt32BigEndian(dest[_flowModPortOffset..], port);
    }

    /// <summary>
    /// Writes the PACKET_OUT of <paramref name="frame"/> out of <paramref name="port"/>, xid 0, into
    /// <paramref name="dest"/>, exactly <see cref="PacketOutOverhead"/> plus the frame's length (at most 65,535).
    /// </summary>
    public void WritePacketOut(Span<byte> dest, uint port, ReadOnlySpan<byte> frame)
    {
        _packetOut.CopyTo(dest);
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], checked((ushort)dest.Length));
        BinaryPrimitives.WriteUInt32BigEndian(dest[PacketOutPortOffset..], port);
        frame.CopyTo(dest[_packetOut.Length..]);
    }
}
