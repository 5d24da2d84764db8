using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// Shared body of <see cref="GetAsyncReply"/> and <see cref="SetAsync"/>: which asynchronous
/// messages a connection receives. Element 0 of each mask applies in the master/equal role,
/// element 1 in the slave role; bit n set = reason n is sent.
/// </summary>
public abstract class AsyncConfigMessage : OfpMessage
{
    /*
     * Spec 7.3.10
     * struct ofp_async_config {
     *     struct ofp_header header;
     *     uint32_t packet_in_mask[2];      offset 8   bitmasks of OFPR_* values
     *     uint32_t port_status_mask[2];    16         bitmasks of OFPPR_* values
     *     uint32_t flow_removed_mask[2];   24         bitmasks of OFPRR_* values
     * };                                   32 bytes
     */

    private const int Size = OfpConstants.AsyncConfigSize - OfpConstants.HeaderSize;

    /// <summary>PACKET_IN reasons sent: [0] master/equal, [1] slave.</summary>
    public uint[] PacketInMask { get; set; } = new uint[2];

    /// <summary>PORT_STATUS reasons sent: [0] master/equal, [1] slave.</summary>
    public uint[] PortStatusMask { get; set; } = new uint[2];

    /// <summary>FLOW_REMOVED reasons sent: [0] master/equal, [1] slave.</summary>
    public uint[] FlowRemovedMask { get; set; } = new uint[2];

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        WritePair(body, PacketInMask, nameof(PacketInMask));
        WritePair(body[8..], PortStatusMask, nameof(PortStatusMask));
        WritePair(body[16..], FlowRemovedMask, nameof(FlowRemovedMask));
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, Type.ToString());
        PacketInMask = ReadPair(body);
        PortStatusMask = ReadPair(body[8..]);
        FlowRemovedMask = ReadPair(body[16..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is AsyncConfigMessage a && Wire.ArrayEqual(a.PacketInMask, PacketInMask) &&
        Wire.ArrayEqual(a.PortStatusMask, PortStatusMask) && Wire.ArrayEqual(a.FlowRemovedMask, FlowRemovedMask);

    private static void WritePair(Span<byte> dest, uint[] pair, string name)
    {
        if (pair is not { Length: 2 })
        {
            throw new InvalidOperationException($"{name} must have exactly 2 elements (master/equal, slave)");
        }

        BinaryPrimitives.WriteUInt32BigEndian(dest, pair[0]);
        BinaryPrimitives.WriteUInt32BigEndian(dest[4..], pair[1]);
    }

    private static uint[] ReadPair(ReadOnlySpan<byte> src) =>
        [BinaryPrimitives.ReadUInt32BigEndian(src), BinaryPrimitives.ReadUInt32BigEndian(src[4..])];
}
