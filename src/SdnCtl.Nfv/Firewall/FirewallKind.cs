namespace SdnCtl.Nfv.Firewall;

/// <summary>The built-in <c>firewall</c> kind.</summary>
public sealed class FirewallKind : ApplianceKind<FirewallOptions>
{
    public override string Name => "firewall";

    protected override NetworkAppliance CreateCore(FirewallOptions options, TimeProvider time) => new FirewallAppliance(options, time);
}
