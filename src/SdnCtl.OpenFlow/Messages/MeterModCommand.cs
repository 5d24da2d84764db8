namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>METER_MOD commands (spec 7.3.4.4, <c>enum ofp_meter_mod_command</c>).</summary>
public enum MeterModCommand : ushort
{
    /// <summary>New meter.</summary>
    Add = 0,
    /// <summary>Modify the meter.</summary>
    Modify = 1,
    /// <summary>Delete the meter.</summary>
    Delete = 2,
}
