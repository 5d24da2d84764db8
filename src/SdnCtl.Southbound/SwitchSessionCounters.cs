namespace SdnCtl.Southbound;

/// <summary>
/// A snapshot of one switch session's traffic counters, for the statistics API. Each field is
/// read atomically, but the snapshot as a whole is not: counters may be a few messages apart.
/// </summary>
/// <param name="MessagesIn">OpenFlow messages received (malformed ones included).</param>
/// <param name="BytesIn">Bytes of those messages.</param>
/// <param name="MessagesOut">OpenFlow messages written to the transport.</param>
/// <param name="BytesOut">Bytes of those messages.</param>
/// <param name="SocketWrites">Flushes to the socket; each carries a whole batch of messages.</param>
/// <param name="BuffersWritten">Pooled buffers written; a batch larger than one buffer takes several.</param>
/// <param name="FlowModsSent">FLOW_MOD messages written.</param>
/// <param name="PacketIns">PACKET_IN messages received.</param>
/// <param name="ErrorsReceived">OFPT_ERROR messages received from the switch.</param>
/// <param name="ErrorsSent">OFPT_ERROR messages sent to the switch (malformed input, refused types).</param>
/// <param name="EchoRequestsSent">Keep-alive probes sent.</param>
public readonly record struct SwitchSessionCounters(
    long MessagesIn,
    long BytesIn,
    long MessagesOut,
    long BytesOut,
    long SocketWrites,
    long BuffersWritten,
    long FlowModsSent,
    long PacketIns,
    long ErrorsReceived,
    long ErrorsSent,
    long EchoRequestsSent);
