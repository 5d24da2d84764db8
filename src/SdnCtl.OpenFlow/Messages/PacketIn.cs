using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// OFPT_PACKET_IN (spec 7.4.1): a packet the switch hands to the controller. Decoding into an
/// existing instance (<see cref="OfpCodec.DecodeInto(ReadOnlySpan{byte}, PacketIn)"/>) reuses its
/// match list and a grow-only data buffer, so the hot path allocates nothing after warm-up.
/// </summary>
public sealed class PacketIn : OfpMessage
{
    /*
     * Spec 7.4.1
     * struct ofp_packet_in {
     *     struct ofp_header header;
     *     uint32_t buffer_id;      offset 8, OFP_NO_BUFFER if not buffered
     *     uint16_t total_len;      12, full length of the frame
     *     uint8_t reason;          14, OFPR_*
     *     uint8_t table_id;        15
     *     uint64_t cookie;         16, cookie of the flow that sent it
     *     struct ofp_match match;  24, variable, padded to 8
     *     // uint8_t pad[2];       then 2 bytes so the IP header after Ethernet is aligned
     *     // uint8_t data[0];      the (possibly truncated) frame
     * };                           32 bytes with an empty match, before pad and data
     */

    private const int FixedSize = 16;

    // Owned, grow-only backing store for Data after a decode; reused by the next decode.
    private byte[]? _buffer;

    /// <summary>Switch buffer id, or OFP_NO_BUFFER.</summary>
    public uint BufferId { get; set; } = OfpConstants.NoBuffer;

    /// <summary>Full length of the frame (Data may be shorter when truncated).</summary>
    public ushort TotalLength { get; set; }

    /// <summary>Why the packet was sent.</summary>
    public PacketInReason Reason { get; set; }

    /// <summary>Table that was looked up.</summary>
    public byte TableId { get; set; }

    /// <summary>Cookie of the flow entry that sent the packet (all ones on table miss without entry).</summary>
    public ulong Cookie { get; set; }

    /// <summary>Pipeline fields of the packet (in_port, metadata, tunnel_id, ...).</summary>
    public List<OxmEntry> Match { get; set; } = [];

    /// <summary>
    /// The frame. After a decode this points into a buffer owned by this instance that the next
    /// decode into the same instance overwrites: copy it if it must outlive that.
    /// </summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <summary>The in_port field of <see cref="Match"/>, if present.</summary>
    public uint? InPort
    {
        get
        {
            foreach (ref readonly var e in CollectionsMarshal.AsSpan(Match))
            {
                if (e.Field == OxmFieldId.InPort)
                {
                    return (uint)e.Value;
                }
            }

            return null;
        }
    }

    /// <inheritdoc/>
    public override OfpType Type => OfpType.PacketIn;

    /// <inheritdoc/>
    protected override int BodyLength => FixedSize + OxmCodec.MatchLength(CollectionsMarshal.AsSpan(Match)) + 2 + Data.Length;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, BufferId);
        BinaryPrimitives.WriteUInt16BigEndian(body[4..], TotalLength);
        body[6] = (byte)Reason;
        body[7] = TableId;
        BinaryPrimitives.WriteUInt64BigEndian(body[8..], Cookie);
        int off = FixedSize + OxmCodec.WriteMatch(body[FixedSize..], CollectionsMarshal.AsSpan(Match));
        body[off] = 0;
        body[off + 1] = 0;
        Data.Span.CopyTo(body[(off + 2)..]);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.AtLeast(body, FixedSize + OfpConstants.EmptyMatchSize + 2, "PACKET_IN");
        BufferId = BinaryPrimitives.ReadUInt32BigEndian(body);
        TotalLength = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
        Reason = (PacketInReason)body[6];
        TableId = body[7];
        Cookie = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
        int off = FixedSize + OxmCodec.ReadMatch(body[FixedSize..], Match);
        if (off + 2 > body.Length)
        {
            Wire.ThrowBadLen("PACKET_IN has no room for the 2 pad bytes after its match");
        }

        var data = body[(off + 2)..];
        if (_buffer is null || _buffer.Length < data.Length)
        {
            _buffer = new byte[data.Length];
        }

        data.CopyTo(_buffer);
        Data = _buffer.AsMemory(0, data.Length);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is PacketIn p && p.BufferId == BufferId && p.TotalLength == TotalLength && p.Reason == Reason &&
        p.TableId == TableId && p.Cookie == Cookie && Wire.ListEqual(p.Match, Match) && Wire.BytesEqual(p.Data, Data);

    /// <inheritdoc/>
    public override string ToString() =>
        $"PACKET_IN xid={Xid} {Reason} table={TableId} in_port={InPort} buffer=0x{BufferId:x} len={Data.Length}/{TotalLength}";
}
