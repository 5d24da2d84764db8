namespace SdnCtl.Topology.Appliances;

/// <summary>
/// A virtual appliance declared in the topology's <c>appliances:</c> section. The topology knows
/// nothing of appliance kinds: the kind and its options are checked by the appliance registry
/// (SdnCtl.Nfv) against <see cref="OptionsJson"/>, and its errors are placed in the file through
/// <see cref="Source"/>.
/// </summary>
/// <param name="Name">Appliance name, unique among switches, hosts and appliances.</param>
/// <param name="Kind">Kind name as registered (<c>firewall</c>, <c>router</c>, <c>nat</c>, or a third-party kind).</param>
/// <param name="Assembly">Assembly to load the kind from, for a third-party kind; otherwise <see langword="null"/>.</param>
/// <param name="Interfaces">Its interfaces, in order (a frame's interface number is its index here).</param>
/// <param name="OptionsJson">The kind's options as a JSON object (YAML scalars as JSON strings, <c>true</c>/<c>false</c> as booleans).</param>
public sealed record ApplianceSpec(string Name, string Kind, string? Assembly, IReadOnlyList<ApplianceInterfaceSpec> Interfaces, string OptionsJson)
{
    /// <summary>Where it was written, for errors found after loading; <see langword="null"/> when built in code.</summary>
    public ApplianceSource? Source { get; init; }

    /// <summary>The tenant that owns it (its key sees and changes it), or <see langword="null"/> for an admin-owned appliance.</summary>
    public string? Tenant { get; init; }
}
