namespace SdnCtl.Control.Events;

/// <summary>
/// Something that changed in the network, as the control loop saw it. Events are published
/// after the snapshot that contains the change, so a subscriber that reads
/// <see cref="IControlPlane.Topology"/> on receipt sees at least <see cref="Version"/>.
/// </summary>
/// <param name="Version">The topology version that includes this change.</param>
/// <param name="Timestamp">When the control loop processed the change (control-plane clock).</param>
public abstract record NetworkEvent(long Version, DateTimeOffset Timestamp);
