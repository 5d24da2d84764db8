namespace SdnCtl.Api.Dtos;

/// <summary>Body of <c>POST /api/v1/tenants</c>.</summary>
/// <param name="Name">The tenant's name (letters, digits, '_', '-', '.').</param>
public sealed record TenantRequest(string? Name);

/// <summary>A tenant and its segments.</summary>
public sealed record TenantDto(string Name, IReadOnlyList<SegmentDto> Segments)
{
    /// <summary>The cap on the tenant's traffic, or absent.</summary>
    public RateLimitDto? RateLimit { get; init; }
}

/// <summary>
/// A tenant's rate limit; also the body of <c>PUT /api/v1/tenants/{id}/rate-limit</c>. The controller
/// installs an OpenFlow meter (drop band) on each switch where the tenant has members.
/// </summary>
/// <param name="RateLimitMbps">Megabits per second admitted from the tenant's members on each switch, 1–4,000,000.</param>
/// <param name="BurstKbits">Burst size in kilobits, 0–4,000,000,000; absent or 0 leaves it to the switch.</param>
public sealed record RateLimitDto(long? RateLimitMbps, long? BurstKbits = null);

/// <summary>
/// A segment; also the body of <c>POST /api/v1/tenants/{id}/segments</c>. Exactly one of
/// <paramref name="Vlan"/> (802.1Q VID, 1–4094) and <paramref name="Vxlan"/> (VNI, 1–16,777,215).
/// </summary>
/// <param name="Name">The segment's name, unique in its tenant.</param>
/// <param name="Vlan">The VLAN id.</param>
/// <param name="Vxlan">The VXLAN network identifier.</param>
/// <param name="Subnet">The segment's IPv4 subnet, <c>a.b.c.d/len</c>.</param>
/// <param name="Priority">The default 802.1Q PCP, 0–7 (0 when absent).</param>
/// <param name="Members">The members to start with; all are added or none.</param>
public sealed record SegmentDto(string? Name, long? Vlan, long? Vxlan, string? Subnet, long? Priority, IReadOnlyList<MemberDto>? Members);

/// <summary>A membership rule, with exactly one key: an access port, a MAC, a host (stands for its MAC) or a source subnet.</summary>
/// <param name="Port">An access port, <c>switch:port</c> (switch by name or datapath id).</param>
/// <param name="Mac">A host MAC.</param>
/// <param name="Host">A host by name, from the declared topology or learned.</param>
/// <param name="Subnet">Hosts whose source IPv4 address is in <c>a.b.c.d/len</c>.</param>
public sealed record MemberDto(string? Port = null, string? Mac = null, string? Host = null, string? Subnet = null);
