using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;

namespace SdnCtl.Control.Chains;

/// <summary>One routed leg of a chain: from where the traffic enters (the source host's port or an appliance's) to where it leaves.</summary>
/// <param name="Ingress">The port the traffic comes in by.</param>
/// <param name="Egress">The port it goes out of (an appliance's, or the destination host's).</param>
/// <param name="Path">From the ingress switch to the egress switch.</param>
/// <param name="Appliance">The appliance at <paramref name="Egress"/>, or <see langword="null"/> for the last leg.</param>
internal sealed record ChainLeg(SwitchPort Ingress, SwitchPort Egress, NetworkPath Path, string? Appliance);
