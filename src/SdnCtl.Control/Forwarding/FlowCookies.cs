namespace SdnCtl.Control.Forwarding;

/// <summary>
/// The cookies on the rules the control plane installs. The top 16 bits name the application
/// that owns a rule, so each can delete or read back exactly its own rules with a cookie mask;
/// forwarding rules carry their destination MAC in the low 48 bits, so the rules toward one host
/// are deleted with one FLOW_MOD per switch.
/// </summary>
public static class FlowCookies
{
    /// <summary>The bits that name the owning application.</summary>
    public const ulong ApplicationMask = 0xffff_0000_0000_0000;

    /// <summary>The bits of a forwarding cookie that hold the destination MAC.</summary>
    public const ulong DestinationMask = 0x0000_ffff_ffff_ffff;

    /// <summary>The LLDP-to-controller rule of link discovery.</summary>
    public const ulong Discovery = 0x5dc1_0000_0000_0001;

    /// <summary>The priority-0 table-miss rule that sends unmatched packets to the controller.</summary>
    public const ulong TableMiss = 0x5dc2_0000_0000_0000;

    /// <summary>Application bits of reactive forwarding rules.</summary>
    public const ulong ForwardingApplication = 0x5dc3_0000_0000_0000;

    /// <summary>The cookie of the forwarding rules toward <paramref name="destinationMac"/>.</summary>
    public static ulong Forwarding(ulong destinationMac) => ForwardingApplication | (destinationMac & DestinationMask);

    /// <summary>True when <paramref name="cookie"/> is a forwarding rule's; gives its destination MAC.</summary>
    public static bool TryGetForwardingDestination(ulong cookie, out ulong destinationMac)
    {
        destinationMac = cookie & DestinationMask;
        return (cookie & ApplicationMask) == ForwardingApplication;
    }
}
