using System.Collections.Immutable;
using SdnCtl.Topology;

namespace SdnCtl.Control.Network;

/// <summary>
/// How the discovered network differs from a declared topology document. Switches are matched
/// by datapath id and links by <c>dpid:port</c> at both ends, the document's <c>name:port</c>
/// references being mapped to datapath ids through the document's switches.
/// </summary>
/// <param name="MissingSwitches">Declared switches that are not connected.</param>
/// <param name="UnknownSwitches">Datapath ids of connected switches the document does not declare.</param>
/// <param name="MissingLinks">
/// Declared cables not discovered in both directions (a cable seen one way only is listed too:
/// traffic cannot use it both ways).
/// </param>
/// <param name="UnexpectedLinks">Discovered directed links whose cable the document does not declare.</param>
public sealed record TopologyDiff(
    ImmutableArray<SwitchSpec> MissingSwitches,
    ImmutableArray<ulong> UnknownSwitches,
    ImmutableArray<LinkSpec> MissingLinks,
    ImmutableArray<LinkInfo> UnexpectedLinks)
{
    /// <summary>True when the discovered network is exactly the declared one.</summary>
    public bool IsEmpty =>
        MissingSwitches.IsEmpty && UnknownSwitches.IsEmpty && MissingLinks.IsEmpty && UnexpectedLinks.IsEmpty;

    /// <summary>A one-line summary for logs.</summary>
    public override string ToString() =>
        IsEmpty
            ? "discovered topology matches the declared one"
            : $"{MissingSwitches.Length} missing switch(es), {UnknownSwitches.Length} unknown switch(es), " +
              $"{MissingLinks.Length} missing link(s), {UnexpectedLinks.Length} unexpected link(s)";
}
