using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;

namespace SdnCtl.Control.Intents;

/// <summary>The path of one direction of an intent as installed.</summary>
/// <param name="Ingress">Where its traffic enters (the source host's port, or the source port).</param>
/// <param name="Egress">Where its traffic leaves.</param>
/// <param name="Primary">The path traffic takes.</param>
/// <param name="Backup">The link-disjoint path the fast-failover groups switch to; <see langword="null"/> when unprotected.</param>
/// <param name="ReservationId">The bandwidth reservation held on <paramref name="Primary"/>, if the intent asked for bandwidth.</param>
/// <param name="FailoverSwitches">The switches whose rule points at a fast-failover group (where the backup leaves the primary).</param>
public sealed record IntentPath(
    SwitchPort Ingress,
    SwitchPort Egress,
    ComputedPath Primary,
    ComputedPath? Backup,
    long? ReservationId,
    IReadOnlyList<ulong> FailoverSwitches);
