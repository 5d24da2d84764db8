namespace SdnCtl.Control.Intents;

/// <summary>A rule's identity on a switch, as OpenFlow sees it: datapath and match (table and priority are the same for every intent rule).</summary>
/// <param name="DatapathId">The switch.</param>
/// <param name="Match">The match, written out in a fixed order (in_port first).</param>
internal readonly record struct IntentRuleKey(ulong DatapathId, string Match);
