using System.Buffers.Binary;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Forwarding;

/// <summary>
/// A message already encoded (xid 0), reused from input to input: what the packet-in path sends (a
/// destination's FLOW_MOD, the delivering PACKET_OUT), patched from <see cref="AnswerTemplate"/> as the
/// fast path's answers are, instead of a FlowMod and a PacketOut with their match, instruction and action
/// lists per packet-in. Sent with <see cref="Switches.ISwitchConnection.SendCopy"/> (its bytes are copied
/// and nothing keeps the instance), so <see cref="ReactiveForwarding"/> can hand it out again once the
/// outbox holding it has been dispatched (see <see cref="ReactiveForwarding.RecycleEncoded"/>).
/// </summary>
internal sealed class EncodedMessage : OfpMessage
{
    private byte[] _bytes = new byte[256];
    private int _length = OfpConstants.HeaderSize;

    public override OfpType Type => (OfpType)_bytes[1];

    /// <summary>The message as encoded, its xid 0 (the session numbers it as it copies it).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _length);

    protected override int BodyLength => _length - OfpConstants.HeaderSize;

    /// <summary>Makes room for a message of <paramref name="length"/> bytes and returns it to write, whole.</summary>
    public Span<byte> Reset(int length)
    {
        if (_bytes.Length < length)
        {
            _bytes = new byte[Math.Max(length, 2 * _bytes.Length)];
        }

        _length = length;
        Xid = 0;
        return _bytes.AsSpan(0, length);
    }

    /// <summary>The message as the codec reads it back, for tests and diagnostics.</summary>
    public OfpMessage Decode() => OfpCodec.Decode(Bytes);

    protected override void WriteBody(Span<byte> body) => _bytes.AsSpan(OfpConstants.HeaderSize, _length - OfpConstants.HeaderSize).CopyTo(body);

    // Never decoded into: the codec makes FlowMod and PacketOut objects for these types.
    protected override void ReadBody(ReadOnlySpan<byte> body) => throw new NotSupportedException("an encoded message is written, never read");

    public override string ToString() => $"{Type} (encoded) xid={BinaryPrimitives.ReadUInt32BigEndian(_bytes.AsSpan(4))} len={_length}";
}
