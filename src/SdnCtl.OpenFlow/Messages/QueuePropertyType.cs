namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Queue property types (spec 7.3.6, <c>enum ofp_queue_properties</c>).</summary>
public enum QueuePropertyType : ushort
{
    /// <summary>Minimum guaranteed rate.</summary>
    MinRate = 1,
    /// <summary>Maximum rate.</summary>
    MaxRate = 2,
    /// <summary>Experimenter property.</summary>
    Experimenter = 0xffff,
}
