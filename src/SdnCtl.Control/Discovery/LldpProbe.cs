namespace SdnCtl.Control.Discovery;

/// <summary>What an SdnCtl LLDP probe says about where it was sent from.</summary>
/// <param name="DatapathId">The datapath that sent it.</param>
/// <param name="PortNo">The port it was sent out of.</param>
/// <param name="TtlSeconds">The TTL TLV.</param>
/// <param name="ChassisId">The chassis id TLV's text (<c>dpid:%016x</c>).</param>
/// <param name="Nonce">The sending control plane's nonce.</param>
internal readonly record struct LldpProbe(ulong DatapathId, uint PortNo, ushort TtlSeconds, string ChassisId, ulong Nonce);
