namespace SdnCtl.Control.Switches;

/// <summary>
/// Optional second face of an <see cref="ISwitchEventSink"/>: answers a PACKET_IN on the session's own
/// I/O thread, from state the control loop has published, without a hop to the loop and back. The
/// southbound offers every PACKET_IN here first and hands it to
/// <see cref="ISwitchEventSink.PacketInReceived"/> as before when this declines.
/// </summary>
public interface IPacketInFastPath
{
    /// <summary>
    /// Writes the answer to <paramref name="packetIn"/> (one whole OFPT_PACKET_IN as received) into
    /// <paramref name="answer"/> as complete OpenFlow messages whose xids are 0, for the session to
    /// number and send in order, and returns its length; 0 declines (nothing written, nothing
    /// remembered), and the caller then decodes the message and passes it on as usual.
    /// </summary>
    int TryAnswerPacketIn(ISwitchConnection connection, ReadOnlySpan<byte> packetIn, Span<byte> answer);

    /// <summary>
    /// The session finished a read burst in which <see cref="TryAnswerPacketIn"/> answered something:
    /// what the answers taught (hosts, installed rules) may now be handed to the control loop.
    /// </summary>
    void PacketInBurstEnded();
}
