using System.Collections.Immutable;
using SdnCtl.Control.Intents;

namespace SdnCtl.Control.Chains;

/// <summary>A chain as readers see it: an immutable snapshot published by the control loop.</summary>
/// <param name="Id">Its number, in the low 32 bits of its rules' cookie.</param>
/// <param name="Spec">What was asked.</param>
/// <param name="State">Installed, rerouted or failed (the intent life cycle).</param>
/// <param name="Reason">Why it is in that state, for people.</param>
/// <param name="Hops">The compiled path from source to destination (for a tenant chain without a source: from its first member) with the appliance hops in between; empty while failed.</param>
/// <param name="CreatedAt">When it was accepted.</param>
public sealed record ChainInfo(long Id, ChainSpec Spec, IntentState State, string? Reason, ImmutableArray<ChainHop> Hops, DateTimeOffset CreatedAt)
{
    /// <summary>For a symmetric chain: the way back, from the destination through the appliances in reverse order; empty otherwise.</summary>
    public ImmutableArray<ChainHop> ReturnHops { get; init; } = [];
}
