namespace SdnCtl.Nfv.PacketCounter;

/// <summary>
/// A third-party appliance kind, in its own assembly, that SdnCtl knows nothing of at compile time:
/// the tests load it by assembly name to prove the plug-in path.
/// </summary>
public sealed class PacketCounterKind : ApplianceKind<PacketCounterOptions>
{
    public override string Name => "packet-counter";

    protected override NetworkAppliance CreateCore(PacketCounterOptions options, TimeProvider time) => new PacketCounterAppliance(options, time);
}
