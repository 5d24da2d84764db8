using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// A meter (spec 5.7) with token-bucket bands. Each band's bucket fills at the band's rate (kbps
/// or packets/s) up to its burst size (or one second's worth when no burst is configured); a
/// packet exceeds a band when that band's bucket cannot pay for it, and the exceeded band with
/// the highest rate applies.
/// </summary>
public sealed class Meter
{
    private double[] _tokens = [];
    private long[] _lastRefill = [];

    internal Meter(uint id, MeterFlags flags, IReadOnlyList<OfpMeterBand> bands, long createdTimestamp)
    {
        Id = id;
        CreatedTimestamp = createdTimestamp;
        Set(flags, bands, createdTimestamp);
    }

    /// <summary>Meter id.</summary>
    public uint Id { get; }

    /// <summary>OFPMF_* flags.</summary>
    public MeterFlags Flags { get; private set; }

    /// <summary>Bands (private copies).</summary>
    public IReadOnlyList<OfpMeterBand> Bands { get; private set; } = [];

    /// <summary>Packets that entered the meter.</summary>
    public ulong PacketInCount { get; internal set; }

    /// <summary>Bytes that entered the meter.</summary>
    public ulong ByteInCount { get; internal set; }

    /// <summary>Packets each band applied to.</summary>
    public ulong[] BandPacketCounts { get; private set; } = [];

    /// <summary>Bytes each band applied to.</summary>
    public ulong[] BandByteCounts { get; private set; } = [];

    /// <summary>When the meter was added, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>True when rates are packets per second rather than kilobits per second.</summary>
    public bool IsPacketRate => (Flags & MeterFlags.Pktps) != 0;

    /// <inheritdoc/>
    public override string ToString() => $"meter {Id} {Flags} bands=[{string.Join(",", Bands)}]";

    /// <summary>METER_MOD modify: new flags and bands; buckets start full, counters kept.</summary>
    internal void Set(MeterFlags flags, IReadOnlyList<OfpMeterBand> bands, long now)
    {
        Flags = flags;
        Bands = bands.Select(b => new OfpMeterBand { Type = b.Type, Rate = b.Rate, BurstSize = b.BurstSize, PrecLevel = b.PrecLevel }).ToArray();
        BandPacketCounts = new ulong[bands.Count];
        BandByteCounts = new ulong[bands.Count];
        _tokens = new double[bands.Count];
        _lastRefill = new long[bands.Count];
        for (int i = 0; i < bands.Count; i++)
        {
            _tokens[i] = Capacity(i);
            _lastRefill[i] = now;
        }
    }

    /// <summary>
    /// Meters one packet of <paramref name="bytes"/> at <paramref name="now"/>; returns the index
    /// of the band that applies, or -1 when the packet is within every rate.
    /// </summary>
    internal int Apply(int bytes, long now, long timestampFrequency)
    {
        PacketInCount++;
        ByteInCount += (ulong)bytes;
        double cost = IsPacketRate ? 1 : bytes * 8 / 1000.0;
        int applied = -1;
        uint appliedRate = 0;
        for (int i = 0; i < _tokens.Length; i++)
        {
            double elapsed = (double)(now - _lastRefill[i]) / timestampFrequency;
            _lastRefill[i] = now;
            _tokens[i] = Math.Min(Capacity(i), _tokens[i] + (elapsed * Bands[i].Rate));
            if (_tokens[i] >= cost)
            {
                _tokens[i] -= cost;
            }
            else if (applied < 0 || Bands[i].Rate > appliedRate)
            {
                applied = i;
                appliedRate = Bands[i].Rate;
            }
        }

        if (applied >= 0)
        {
            BandPacketCounts[applied]++;
            BandByteCounts[applied] += (ulong)bytes;
        }

        return applied;
    }

    // Burst in kilobits (kbps meters) or packets (pktps meters); one second of rate when unset.
    private double Capacity(int band) =>
        (Flags & MeterFlags.Burst) != 0 && Bands[band].BurstSize > 0 ? Bands[band].BurstSize : Math.Max(1, Bands[band].Rate);
}
