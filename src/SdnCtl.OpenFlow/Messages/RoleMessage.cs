using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>Shared body of <see cref="RoleRequest"/> and <see cref="RoleReply"/>.</summary>
public abstract class RoleMessage : OfpMessage
{
    /*
     * Spec 7.3.9
     * struct ofp_role_request {
     *     struct ofp_header header;
     *     uint32_t role;            offset 8, OFPCR_ROLE_*
     *     uint8_t pad[4];           12
     *     uint64_t generation_id;   16, master election generation id
     * };                            24 bytes
     */

    private const int Size = OfpConstants.RoleRequestSize - OfpConstants.HeaderSize;

    /// <summary>Requested or current role.</summary>
    public ControllerRole Role { get; set; }

    /// <summary>Master election generation id (ignored for equal/no-change).</summary>
    public ulong GenerationId { get; set; }

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32BigEndian(body, (uint)Role);
        BinaryPrimitives.WriteUInt32BigEndian(body[4..], 0);
        BinaryPrimitives.WriteUInt64BigEndian(body[8..], GenerationId);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, Type.ToString());
        Role = (ControllerRole)BinaryPrimitives.ReadUInt32BigEndian(body);
        GenerationId = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is RoleMessage r && r.Role == Role && r.GenerationId == GenerationId;
}
