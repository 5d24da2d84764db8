namespace SdnCtl.Nfv;

/// <summary>What an appliance did with one received frame; a packet trace shows it as the appliance's hop.</summary>
public enum FrameDisposition
{
    /// <summary>Sent on (possibly rewritten) out of an interface.</summary>
    Forwarded,

    /// <summary>Consumed, and the appliance answered it itself (ARP reply, ICMP echo reply, ICMP error).</summary>
    Answered,

    /// <summary>Held until something it waits for arrives (a next hop's ARP reply).</summary>
    Queued,

    /// <summary>Refused by policy and answered with a TCP RST or ICMP unreachable.</summary>
    Rejected,

    /// <summary>Discarded: policy, no route, malformed, not addressed to the appliance, or out of resources.</summary>
    Dropped,
}
