using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Intents;

/// <summary>What an intent needs on the switches: one rule per switch and direction, and the fast-failover groups some rules point at.</summary>
internal sealed class CompiledIntent
{
    /// <summary>OFPFC_ADD flow-mods by identity.</summary>
    public Dictionary<IntentRuleKey, FlowMod> Rules { get; } = [];

    /// <summary>OFPGC_ADD fast-failover group-mods by switch and group id.</summary>
    public Dictionary<(ulong DatapathId, uint GroupId), GroupMod> Groups { get; } = [];

    /// <summary>Per direction, the switches whose rule points at a fast-failover group.</summary>
    public List<List<ulong>> FailoverSwitches { get; } = [];
}
