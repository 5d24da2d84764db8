using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// A FLOW_MOD already encoded (a slice of a <see cref="FlowBatch"/>), written by copying its bytes.
/// One instance is pointed at flow after flow and handed to
/// <see cref="Control.Switches.ISwitchConnection.SendCopy"/>, which encodes it into the session's
/// batch buffer before returning: the flows of a request reach the wire without a FLOW_MOD object each.
/// </summary>
internal sealed class EncodedFlowMod : OfpMessage
{
    private byte[] _buffer = [];
    private int _offset;
    private int _length = OfpConstants.HeaderSize;

    public override OfpType Type => OfpType.FlowMod;

    protected override int BodyLength => _length - OfpConstants.HeaderSize;

    /// <summary>Points this message at an encoded FLOW_MOD (header included; its xid is replaced by <see cref="OfpMessage.Xid"/>).</summary>
    public void Set((byte[] Buffer, int Offset, int Length) encoded, uint xid)
    {
        (_buffer, _offset, _length) = encoded;
        Xid = xid;
    }

    protected override void WriteBody(Span<byte> body) =>
        _buffer.AsSpan(_offset + OfpConstants.HeaderSize, _length - OfpConstants.HeaderSize).CopyTo(body);

    protected override void ReadBody(ReadOnlySpan<byte> body)
    {
        // Never decoded from the wire (the codec makes a FlowMod); kept whole for completeness.
        _buffer = new byte[OfpConstants.HeaderSize + body.Length];
        body.CopyTo(_buffer.AsSpan(OfpConstants.HeaderSize));
        _offset = 0;
        _length = _buffer.Length;
    }
}
