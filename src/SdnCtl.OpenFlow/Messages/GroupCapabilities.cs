namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Group capabilities (spec 7.3.5.12, <c>enum ofp_group_capabilities</c>).</summary>
[Flags]
public enum GroupCapabilities : uint
{
    /// <summary>No capability.</summary>
    None = 0,
    /// <summary>Weights for select groups.</summary>
    SelectWeight = 1,
    /// <summary>Liveness for select groups.</summary>
    SelectLiveness = 2,
    /// <summary>Groups forwarding to groups.</summary>
    Chaining = 4,
    /// <summary>Chaining checked for loops and deletes.</summary>
    ChainingChecks = 8,
}
