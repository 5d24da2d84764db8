namespace SdnCtl.Nfv.Firewall;

/// <summary>What a firewall rule (or the default policy) does with a new connection.</summary>
public enum FirewallAction
{
    /// <summary>Let it pass and track it, so its return traffic passes too.</summary>
    Allow,

    /// <summary>Drop it silently.</summary>
    Deny,

    /// <summary>Drop it and tell the sender: TCP RST for TCP, ICMP destination unreachable otherwise.</summary>
    Reject,
}
