namespace SdnCtl.Control.Store;

/// <summary>
/// A static flow as stored: its identity on the switch (datapath, table, priority, match) and the
/// FLOW_MOD that installs it, encoded on the wire (OpenFlow 1.3), so the store needs no schema of its own for matches and instructions.
/// </summary>
/// <param name="DatapathId">The switch.</param>
/// <param name="Key">Table, priority and match, encoded; unique per switch (OpenFlow's identity of a flow).</param>
/// <param name="FlowMod">The OFPFC_ADD FLOW_MOD, encoded.</param>
public sealed record StoredFlow(ulong DatapathId, byte[] Key, byte[] FlowMod);
