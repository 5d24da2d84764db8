namespace SdnCtl.Nfv.Routing;

/// <summary>A route as read from the router's table.</summary>
/// <param name="Destination">Network, <c>10.2.0.0/16</c>.</param>
/// <param name="NextHop">Next-hop address, or <see langword="null"/> for a connected route.</param>
/// <param name="Interface">Name of the interface it leaves by.</param>
/// <param name="Connected">True for the route of an interface's own subnet.</param>
public sealed record RouteEntry(string Destination, string? NextHop, string Interface, bool Connected);
