namespace SdnCtl.Nfv;

/// <summary>
/// A kind of appliance: its name, its options type and how to create one. Built-in kinds and
/// third-party kinds (in their own assemblies, see <see cref="ApplianceRegistry.LoadFrom(string)"/>)
/// implement this the same way, usually through <see cref="ApplianceKind{TOptions}"/>.
/// </summary>
public interface IApplianceKind
{
    /// <summary>Kind name, lower-case words joined by '-', e.g. <c>firewall</c>, <c>packet-counter</c>.</summary>
    string Name { get; }

    /// <summary>The options type (derived from <see cref="ApplianceOptions"/>) the kind is configured with.</summary>
    Type OptionsType { get; }

    /// <summary>Creates an appliance.</summary>
    /// <exception cref="ApplianceOptionsException">The options are invalid; every bad option is named.</exception>
    /// <exception cref="ArgumentException">The options are not of <see cref="OptionsType"/>.</exception>
    NetworkAppliance Create(ApplianceOptions options, TimeProvider time);
}
