using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Chains;

/// <summary>
/// One way through a chain from one ingress: its routed legs in order and the traffic they carry.
/// </summary>
/// <param name="Legs">From the ingress host's port to the first appliance, …, to the destination host's port or (with <see cref="Handoff"/>) to the last appliance.</param>
/// <param name="Match">The traffic, without in_port (each hop adds its own).</param>
internal sealed record ChainDirection(IReadOnlyList<ChainLeg> Legs, IReadOnlyList<OxmEntry> Match)
{
    /// <summary>
    /// For a tenant chain: what is done with the traffic when it comes back from the last appliance
    /// (tag it with its segment and go to the segment table), instead of a last leg to a host.
    /// </summary>
    public IReadOnlyList<OfpInstruction>? Handoff { get; init; }

    /// <summary>The segment (<c>tenant/segment</c>) of <see cref="Handoff"/>, for the hop list.</summary>
    public string? Segment { get; init; }

    /// <summary>True for the way back of a symmetric chain.</summary>
    public bool IsReturn { get; init; }
}
