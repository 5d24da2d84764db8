namespace SdnCtl.Nfv.Nat;

/// <summary>One entry of the NAT's translation table, as read.</summary>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c> or <c>icmp</c> (echo identifier as port).</param>
/// <param name="InsideAddress">Inside host.</param>
/// <param name="InsidePort">Its port.</param>
/// <param name="ExternalAddress">The NAT's outside address.</param>
/// <param name="ExternalPort">The port it is seen from outside with.</param>
/// <param name="ExpiresIn">Time left when idle; <see langword="null"/> for a port forward, which never expires.</param>
public sealed record NatTranslation(string Protocol, string InsideAddress, int InsidePort, string ExternalAddress, int ExternalPort, TimeSpan? ExpiresIn)
{
    /// <summary>True for a configured port forward, false for a masquerade mapping.</summary>
    public bool IsForward => ExpiresIn is null;
}
