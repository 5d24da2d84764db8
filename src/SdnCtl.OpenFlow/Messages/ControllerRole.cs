namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Controller roles (spec 7.3.9, <c>enum ofp_controller_role</c>).</summary>
public enum ControllerRole : uint
{
    /// <summary>Query the role without changing it.</summary>
    NoChange = 0,
    /// <summary>Default role, full access.</summary>
    Equal = 1,
    /// <summary>Full access, at most one master.</summary>
    Master = 2,
    /// <summary>Read-only access.</summary>
    Slave = 3,
}
