namespace SdnCtl.Control.Chains;

/// <summary>
/// One hop of a compiled chain: a switch the traffic crosses (in and out port), or an appliance it
/// visits between two switch hops.
/// </summary>
/// <param name="DatapathId">The switch, for a switch hop.</param>
/// <param name="InPort">The port the traffic enters the switch by, for a switch hop.</param>
/// <param name="OutPort">The port it leaves by, for a switch hop.</param>
/// <param name="Appliance">The appliance's name, for an appliance hop.</param>
/// <param name="Segment">For the last hop of a tenant chain: the segment (<c>tenant/segment</c>) whose own forwarding takes the traffic on from <paramref name="InPort"/>.</param>
public sealed record ChainHop(ulong DatapathId, uint InPort, uint OutPort, string? Appliance = null, string? Segment = null)
{
    /// <summary>True for an appliance hop.</summary>
    public bool IsAppliance => Appliance is not null;
}
