namespace SdnCtl.Api.Dtos;

/// <summary>
/// <c>POST /api/v1/chains</c>. Example:
/// <c>{"name":"web-inspect","classifier":{"src":"h1","dst":"h3","ipProto":6,"dstPort":80},"appliances":["fw1","fw2"]}</c>,
/// or for a tenant: <c>{"name":"a-web","classifier":{"tenant":"a","segment":"web","ipProto":6,"dstPort":80},"appliances":["fw1","fw2"]}</c>.
/// </summary>
/// <param name="Name">Unique name of the chain.</param>
/// <param name="Classifier">Which traffic goes through the chain.</param>
/// <param name="Appliances">Names of one-armed appliances (one interface attached to a switch port), visited in this order.</param>
/// <param name="Symmetric">Whether the return traffic passes the appliances in reverse order; default true when the classifier names both src and dst, else false.</param>
public sealed record ChainRequest(string? Name, ChainClassifierDto? Classifier, string[]? Appliances, bool? Symmetric = null);

/// <summary>
/// The traffic a chain steers: from host <paramref name="Src"/> to host <paramref name="Dst"/>
/// (names or MACs), optionally narrowed to an IP protocol, addresses and ports (ports need ipProto 6 or 17).
/// With <paramref name="Tenant"/> (and optionally <paramref name="Segment"/>) it is that tenant
/// segment's traffic, and the hosts are optional: no src means every member of the segment, no
/// dst any unicast destination in it.
/// </summary>
public sealed record ChainClassifierDto(string? Src, string? Dst, int? IpProto = null, string? Ipv4Src = null, string? Ipv4Dst = null, int? SrcPort = null, int? DstPort = null, string? Tenant = null, string? Segment = null);

/// <summary>A chain: its request, state and compiled path.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Classifier">Which traffic it steers.</param>
/// <param name="Appliances">Appliances in order, each as name and <c>switch:port</c>.</param>
/// <param name="State"><c>installed</c>, <c>rerouted</c> or <c>failed</c>.</param>
/// <param name="Reason">Why it is in that state.</param>
/// <param name="Path">Hops from source to destination: <c>switch:in-&gt;out</c> for a switch, <c>appliance:NAME@switch:port</c> for an appliance, and for a tenant chain last <c>switch:in-&gt;segment:TENANT/SEGMENT</c> where the segment's forwarding takes over (from the first member when the classifier names no src).</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="Symmetric">Whether the return traffic is steered too.</param>
/// <param name="ReturnPath">For a symmetric chain: the way back, written as <paramref name="Path"/>; empty otherwise.</param>
public sealed record ChainDto(string Name, ChainClassifierDto Classifier, ChainApplianceDto[] Appliances, string State, string? Reason, string[] Path, DateTimeOffset CreatedAt, bool Symmetric = false, string[]? ReturnPath = null)
{
    /// <summary>The tenant that owns the chain (see <c>ChainOwnership</c>), or <see langword="null"/> for an admin-owned chain.</summary>
    public string? Tenant { get; init; }
}

/// <summary>An appliance of a chain and where it is attached.</summary>
public sealed record ChainApplianceDto(string Name, string Attachment);
