namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>GROUP_MOD commands (spec 7.3.4.2, <c>enum ofp_group_mod_command</c>).</summary>
public enum GroupModCommand : ushort
{
    /// <summary>New group.</summary>
    Add = 0,
    /// <summary>Modify all matching groups.</summary>
    Modify = 1,
    /// <summary>Delete all matching groups.</summary>
    Delete = 2,
}
