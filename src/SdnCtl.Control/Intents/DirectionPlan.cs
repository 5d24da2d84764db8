using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Intents;

/// <summary>One direction of an intent, resolved and routed, ready to compile.</summary>
/// <param name="Ingress">Where the traffic enters the network.</param>
/// <param name="Egress">Where it leaves.</param>
/// <param name="Primary">From the ingress switch to the egress switch.</param>
/// <param name="Backup">A path sharing no link with <paramref name="Primary"/>, or <see langword="null"/>.</param>
/// <param name="Match">What the traffic matches besides in_port.</param>
internal sealed record DirectionPlan(SwitchPort Ingress, SwitchPort Egress, NetworkPath Primary, NetworkPath? Backup, IReadOnlyList<OxmEntry> Match);
