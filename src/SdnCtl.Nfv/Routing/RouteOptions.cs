namespace SdnCtl.Nfv.Routing;

/// <summary>A static route.</summary>
public sealed class RouteOptions
{
    /// <summary>Destination network, <c>10.2.0.0/16</c> (<c>0.0.0.0/0</c> for the default route).</summary>
    public string Destination { get; set; } = "";

    /// <summary>Next-hop router, which must be on one of the router's own subnets.</summary>
    public string NextHop { get; set; } = "";
}
