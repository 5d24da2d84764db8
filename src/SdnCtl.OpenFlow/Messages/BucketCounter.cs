namespace SdnCtl.OpenFlow.Messages;

/// <summary>Counters of one group bucket (spec 7.3.5.10, <c>struct ofp_bucket_counter</c>, 16 bytes).</summary>
/// <param name="PacketCount">Packets processed by the bucket.</param>
/// <param name="ByteCount">Bytes processed by the bucket.</param>
public readonly record struct BucketCounter(ulong PacketCount, ulong ByteCount);
