namespace SdnCtl.Nfv.Routing;

/// <summary>The built-in <c>router</c> kind.</summary>
public sealed class RouterKind : ApplianceKind<RouterOptions>
{
    public override string Name => "router";

    protected override NetworkAppliance CreateCore(RouterOptions options, TimeProvider time) => new RouterAppliance(options, time);
}
