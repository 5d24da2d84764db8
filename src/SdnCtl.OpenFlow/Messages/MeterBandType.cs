namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Meter band types (spec 7.3.4.4, <c>enum ofp_meter_band_type</c>).</summary>
public enum MeterBandType : ushort
{
    /// <summary>Drop packets above the rate.</summary>
    Drop = 1,
    /// <summary>Remark the DSCP of packets above the rate.</summary>
    DscpRemark = 2,
    /// <summary>Experimenter band.</summary>
    Experimenter = 0xffff,
}
