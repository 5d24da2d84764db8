namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Switch capabilities in FEATURES_REPLY (spec 7.3.1, <c>enum ofp_capabilities</c>).</summary>
[Flags]
public enum SwitchCapabilities : uint
{
    /// <summary>No capability.</summary>
    None = 0,
    /// <summary>Flow statistics.</summary>
    FlowStats = 1,
    /// <summary>Table statistics.</summary>
    TableStats = 2,
    /// <summary>Port statistics.</summary>
    PortStats = 4,
    /// <summary>Group statistics.</summary>
    GroupStats = 8,
    /// <summary>Can reassemble IP fragments.</summary>
    IpReasm = 32,
    /// <summary>Queue statistics.</summary>
    QueueStats = 64,
    /// <summary>Switch blocks looping ports.</summary>
    PortBlocked = 256,
}
