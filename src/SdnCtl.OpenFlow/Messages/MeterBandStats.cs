namespace SdnCtl.OpenFlow.Messages;

/// <summary>Counters of one meter band (spec 7.3.5.13, <c>struct ofp_meter_band_stats</c>, 16 bytes).</summary>
/// <param name="PacketBandCount">Packets in the band.</param>
/// <param name="ByteBandCount">Bytes in the band.</param>
public readonly record struct MeterBandStats(ulong PacketBandCount, ulong ByteBandCount);
