namespace SdnCtl.OpenFlow.Messages;

/// <summary>
/// A queue property (spec 7.3.6): min/max rate in 1/10 of a percent (above 1000 = disabled), or an
/// experimenter property with an opaque body. Unknown property types keep their body in <see cref="Data"/>.
/// </summary>
public sealed class OfpQueueProperty : IEquatable<OfpQueueProperty>
{
    /// <summary>Property type.</summary>
    public QueuePropertyType Type { get; set; } = QueuePropertyType.MinRate;

    /// <summary>Rate in 1/10 of a percent (min/max rate properties).</summary>
    public ushort Rate { get; set; }

    /// <summary>Experimenter id (experimenter properties).</summary>
    public uint ExperimenterId { get; set; }

    /// <summary>Body after the fixed part (experimenter and unknown properties), a multiple of 8 bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; set; }

    /// <inheritdoc/>
    public bool Equals(OfpQueueProperty? other) =>
        other is not null && other.Type == Type && other.Rate == Rate && other.ExperimenterId == ExperimenterId && Wire.BytesEqual(other.Data, Data);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OfpQueueProperty);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, Rate, ExperimenterId, Data.Length);
}
