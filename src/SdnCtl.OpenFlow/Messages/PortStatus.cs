namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPT_PORT_STATUS (spec 7.4.3): a port was added, removed or changed.</summary>
public sealed class PortStatus : OfpMessage
{
    /*
     * Spec 7.4.3
     * struct ofp_port_status {
     *     struct ofp_header header;
     *     uint8_t reason;          offset 8, OFPPR_*
     *     uint8_t pad[7];          9
     *     struct ofp_port desc;    16
     * };                           80 bytes
     */

    private const int Size = OfpConstants.PortStatusSize - OfpConstants.HeaderSize;

    /// <summary>What happened to the port.</summary>
    public PortReason Reason { get; set; }

    /// <summary>The port's description after the change.</summary>
    public OfpPort Port { get; set; } = new();

    /// <inheritdoc/>
    public override OfpType Type => OfpType.PortStatus;

    /// <inheritdoc/>
    protected override int BodyLength => Size;

    /// <inheritdoc/>
    protected override void WriteBody(Span<byte> body)
    {
        body[..8].Clear();
        body[0] = (byte)Reason;
        Port.WriteTo(body[8..]);
    }

    /// <inheritdoc/>
    protected internal override void ReadBody(ReadOnlySpan<byte> body)
    {
        Wire.Exact(body, Size, "PORT_STATUS");
        Reason = (PortReason)body[0];
        Port = OfpPort.Read(body[8..]);
    }

    /// <inheritdoc/>
    protected override bool BodyEquals(OfpMessage other) =>
        other is PortStatus p && p.Reason == Reason && Equals(p.Port, Port);

    /// <inheritdoc/>
    public override string ToString() => $"PORT_STATUS xid={Xid} {Reason} port={Port.PortNo} '{Port.Name}' state={Port.State}";
}
