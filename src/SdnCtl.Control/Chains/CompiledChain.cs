using SdnCtl.Control.Intents;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Chains;

/// <summary>What a chain needs on the switches, or why it cannot be steered.</summary>
internal sealed class CompiledChain
{
    /// <summary>OFPFC_ADD flow-mods by switch and match.</summary>
    public Dictionary<IntentRuleKey, FlowMod> Rules { get; } = [];

    /// <summary>Source to destination: switch hops with an appliance hop after each leg but the last.</summary>
    public List<ChainHop> Hops { get; } = [];

    /// <summary>The way back of a symmetric chain, as <see cref="Hops"/>; empty otherwise.</summary>
    public List<ChainHop> ReturnHops { get; } = [];

    /// <summary>Set when two legs would need different rules for the same in_port and match.</summary>
    public string? Conflict { get; set; }
}
