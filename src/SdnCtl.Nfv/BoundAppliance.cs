using SdnCtl.Topology.Appliances;

namespace SdnCtl.Nfv;

/// <summary>A declared appliance with its kind found and its options bound and valid: ready to create.</summary>
/// <param name="Spec">As declared in the topology.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Options">Its validated options.</param>
public sealed record BoundAppliance(ApplianceSpec Spec, IApplianceKind Kind, ApplianceOptions Options);
