namespace SdnCtl.Control.Chains;

/// <summary>
/// One appliance of a chain: one-armed, so it receives the chain's traffic on the switch port its
/// (first) interface is attached to and sends it back out of the same port.
/// </summary>
/// <param name="Name">The appliance's name.</param>
/// <param name="Attachment">Its switch port as <c>switch:port</c> (switch name or datapath id).</param>
public sealed record ChainAppliance(string Name, string Attachment);
