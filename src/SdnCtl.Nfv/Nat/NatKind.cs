namespace SdnCtl.Nfv.Nat;

/// <summary>The built-in <c>nat</c> kind.</summary>
public sealed class NatKind : ApplianceKind<NatOptions>
{
    public override string Name => "nat";

    protected override NetworkAppliance CreateCore(NatOptions options, TimeProvider time) => new NatAppliance(options, time);
}
