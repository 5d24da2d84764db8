namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>FLOW_MOD commands (spec 7.3.4.1, <c>enum ofp_flow_mod_command</c>).</summary>
public enum FlowModCommand : byte
{
    /// <summary>New flow.</summary>
    Add = 0,
    /// <summary>Modify all matching flows.</summary>
    Modify = 1,
    /// <summary>Modify the flow strictly matching match and priority.</summary>
    ModifyStrict = 2,
    /// <summary>Delete all matching flows.</summary>
    Delete = 3,
    /// <summary>Delete the flow strictly matching match and priority.</summary>
    DeleteStrict = 4,
}
