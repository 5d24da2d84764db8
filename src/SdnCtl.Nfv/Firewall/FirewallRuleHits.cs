namespace SdnCtl.Nfv.Firewall;

/// <summary>How many new connections one rule decided.</summary>
/// <param name="Index">Position of the rule.</param>
/// <param name="Name">The rule's name, if it has one.</param>
/// <param name="Action">The rule's action.</param>
/// <param name="Hits">New connections (or untracked packets) it matched.</param>
public sealed record FirewallRuleHits(int Index, string? Name, FirewallAction Action, long Hits);
