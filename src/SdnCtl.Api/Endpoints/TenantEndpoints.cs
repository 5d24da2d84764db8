using SdnCtl.Api.Auth;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Tenants;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Api.Endpoints;

/// <summary>
/// Tenants, segments and members at run time (<c>/api/v1/tenants</c>). Bad values are 400 problem
/// details naming the field, conflicts (VID or VNI in use, an access port or MAC claimed by
/// another segment, overlapping subnets in a tenant, a duplicate name) are 409; a refused request
/// changes nothing. Changes apply at once, recompiling only the segment concerned.
/// </summary>
internal static class TenantEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var tenants = api.MapGroup("/tenants").WithTags("Tenants");

        tenants.MapGet("/", (IControlPlane cp, IServiceProvider services, HttpContext http) =>
            Service(cp, services) is { } s ? Results.Ok(s.Tenants.Where(t => http.CanSee(t.Name)).Select(ToDto).ToArray()) : NoTenants())
            .AllowTenantKeys()
            .WithName("ListTenants").WithSummary("Every tenant with its segments and members (a tenant key sees its own only).")
            .Produces<TenantDto[]>();

        tenants.MapPost("/", async (TenantRequest? body, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
        {
            if (Service(cp, services) is not { } s)
            {
                return NoTenants();
            }

            if (body is null || string.IsNullOrEmpty(body.Name))
            {
                return Problems.BadField("name", "the tenant name is required: {\"name\": \"corp\"}");
            }

            TenantResult result = await s.AddTenantAsync(body.Name, ct).ConfigureAwait(false);
            return result.Succeeded
                ? Results.Created($"/api/v1/tenants/{Uri.EscapeDataString(body.Name)}", ToDto(s.Tenants.First(t => t.Name == body.Name)))
                : Problem(result);
        })
        .WithName("CreateTenant").WithSummary("Creates a tenant with no segments.")
        .Produces<TenantDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        tenants.MapGet("/{id}", (string id, IControlPlane cp, IServiceProvider services) =>
            Service(cp, services) is not { } s ? NoTenants()
            : s.Tenants.FirstOrDefault(t => t.Name == id) is { } t ? Results.Ok(ToDto(t))
            : Problems.NotFound("Tenant", $"no tenant '{id}'"))
            .AllowTenantKeys("id").WithName("GetTenant").WithSummary("One tenant.")
            .Produces<TenantDto>().ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapDelete("/{id}", async (string id, IControlPlane cp, IServiceProvider services, ApiKeys keys, CancellationToken ct) =>
        {
            if (Service(cp, services) is not { } s)
            {
                return NoTenants();
            }

            TenantResult result = await s.RemoveTenantAsync(id, ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                // A tenant made again under the same name must not inherit the old tenant's keys.
                keys.RevokeTenant(id);
            }

            return Done(result);
        })
            .WithName("DeleteTenant").WithSummary("Deletes a tenant, its segments' flows and its tenant keys.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapPut("/{id}/rate-limit", async (string id, RateLimitDto? body, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
        {
            if (Service(cp, services) is not { } s)
            {
                return NoTenants();
            }

            if (body?.RateLimitMbps is not { } rate)
            {
                return Problems.BadField("rateLimitMbps", "the rate is required: {\"rateLimitMbps\": 100, \"burstKbits\": 1000}");
            }

            long burst = body.BurstKbits ?? 0;
            if (TenantRateLimit.Check(rate, burst) is { } problem)
            {
                return Problems.BadField(TenantRateLimit.Check(rate, 0) is null ? "burstKbits" : "rateLimitMbps", problem);
            }

            TenantResult result = await s.SetRateLimitAsync(id, new TenantRateLimit((uint)rate, (uint)burst), ct).ConfigureAwait(false);
            return result.Succeeded ? Results.Ok(ToDto(s.Tenants.First(t => t.Name == id))) : Problem(result);
        })
        .WithName("SetTenantRateLimit").WithSummary("Caps the tenant's traffic: a meter on each switch where it has members, its ingress sent through it.")
        .Produces<TenantDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapDelete("/{id}/rate-limit", async (string id, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
            Service(cp, services) is not { } s ? NoTenants() : Done(await s.SetRateLimitAsync(id, null, ct).ConfigureAwait(false)))
            .WithName("DeleteTenantRateLimit").WithSummary("Lifts the tenant's rate limit and removes its meters.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapGet("/{id}/segments", (string id, IControlPlane cp, IServiceProvider services) =>
            Service(cp, services) is not { } s ? NoTenants()
            : s.Tenants.FirstOrDefault(t => t.Name == id) is { } t ? Results.Ok(t.Segments.Select(ToDto).ToArray())
            : Problems.NotFound("Tenant", $"no tenant '{id}'"))
            .AllowTenantKeys("id").WithName("ListSegments").WithSummary("A tenant's segments.")
            .Produces<SegmentDto[]>().ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapPost("/{id}/segments", CreateSegment)
            .AllowTenantKeys("id").WithName("CreateSegment").WithSummary("Adds a VLAN or VXLAN segment with its members (all or none) and installs its flows.")
            .Produces<SegmentDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        tenants.MapGet("/{id}/segments/{sid}", (string id, string sid, IControlPlane cp, IServiceProvider services) =>
            Service(cp, services) is not { } s ? NoTenants()
            : FindSegment(s, id, sid) is { } seg ? Results.Ok(ToDto(seg))
            : Problems.NotFound("Segment", $"no segment '{sid}' in tenant '{id}'"))
            .AllowTenantKeys("id").WithName("GetSegment").WithSummary("One segment.")
            .Produces<SegmentDto>().ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapDelete("/{id}/segments/{sid}", async (string id, string sid, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
            Service(cp, services) is not { } s ? NoTenants() : Done(await s.RemoveSegmentAsync(id, sid, ct).ConfigureAwait(false)))
            .AllowTenantKeys("id").WithName("DeleteSegment").WithSummary("Deletes a segment; only its own flows are removed.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapGet("/{id}/segments/{sid}/members", (string id, string sid, IControlPlane cp, IServiceProvider services) =>
            Service(cp, services) is not { } s ? NoTenants()
            : FindSegment(s, id, sid) is { } seg ? Results.Ok(seg.Members.Select(ToDto).ToArray())
            : Problems.NotFound("Segment", $"no segment '{sid}' in tenant '{id}'"))
            .AllowTenantKeys("id").WithName("ListMembers").WithSummary("A segment's membership rules.")
            .Produces<MemberDto[]>().ProducesProblem(StatusCodes.Status404NotFound);

        tenants.MapPost("/{id}/segments/{sid}/members", async (string id, string sid, MemberDto? body, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
        {
            if (Service(cp, services) is not { } s)
            {
                return NoTenants();
            }

            if (!TryParseMember(body, cp, "", out MemberSpec? member, out IResult? bad))
            {
                return bad;
            }

            TenantResult result = await s.AddMemberAsync(id, sid, member, ct).ConfigureAwait(false);
            return result.Succeeded ? Results.Created($"/api/v1/tenants/{id}/segments/{sid}/members", ToDto(member)) : Problem(result);
        })
        .AllowTenantKeys("id").WithName("AddMember").WithSummary("Adds a member (port, MAC, host or subnet) to a segment.")
        .Produces<MemberDto>(StatusCodes.Status201Created).ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        tenants.MapDelete("/{id}/segments/{sid}/members", async (string id, string sid, string? port, string? mac, string? host, string? subnet, IControlPlane cp, IServiceProvider services, CancellationToken ct) =>
        {
            if (Service(cp, services) is not { } s)
            {
                return NoTenants();
            }

            if (!TryParseMember(new MemberDto(port, mac, host, subnet), cp, "", out MemberSpec? member, out IResult? bad))
            {
                return bad;
            }

            return Done(await s.RemoveMemberAsync(id, sid, member, ct).ConfigureAwait(false));
        })
        .AllowTenantKeys("id").WithName("RemoveMember").WithSummary("Removes a member, named by one query parameter: ?port=, ?mac=, ?host= or ?subnet=.")
        .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateSegment(string id, SegmentDto? body, IControlPlane cp, IServiceProvider services, CancellationToken ct)
    {
        if (Service(cp, services) is not { } s)
        {
            return NoTenants();
        }

        if (body is null)
        {
            return Problems.BadField("body", "a JSON body {\"name\": ..., \"vlan\": VID} or {\"name\": ..., \"vxlan\": VNI} is required");
        }

        if (TenantRules.CheckName("segment", body.Name) is { } badName)
        {
            return Problems.BadField("name", badName);
        }

        if (body.Vlan is null == body.Vxlan is null)
        {
            return Problems.BadField("vlan", "give exactly one of 'vlan' (a VID, 1–4094) and 'vxlan' (a VNI, 1–16777215)");
        }

        SegmentKind kind = body.Vlan is null ? SegmentKind.Vxlan : SegmentKind.Vlan;
        long rawId = body.Vlan ?? body.Vxlan!.Value;
        if (TenantRules.CheckId(kind, rawId) is { } badId)
        {
            return Problems.BadField(kind == SegmentKind.Vlan ? "vlan" : "vxlan", badId);
        }

        if (TenantRules.CheckPriority(body.Priority ?? 0) is { } badPriority)
        {
            return Problems.BadField("priority", badPriority);
        }

        Ipv4Prefix? subnet = null;
        if (body.Subnet is not null)
        {
            if (!Ipv4Prefix.TryParse(body.Subnet, out Ipv4Prefix parsed, out string? problem))
            {
                return Problems.BadField("subnet", problem);
            }

            subnet = parsed;
        }

        var members = new List<MemberSpec>();
        for (int i = 0; i < (body.Members?.Count ?? 0); i++)
        {
            if (!TryParseMember(body.Members![i], cp, $"members[{i}].", out MemberSpec? member, out IResult? bad))
            {
                return bad;
            }

            members.Add(member);
        }

        var segment = new SegmentSpec(body.Name!, kind, (uint)rawId, subnet, (byte)(body.Priority ?? 0), members);
        TenantResult result = await s.AddSegmentAsync(id, segment, ct).ConfigureAwait(false);
        return result.Succeeded
            ? Results.Created($"/api/v1/tenants/{Uri.EscapeDataString(id)}/segments/{Uri.EscapeDataString(segment.Name)}", ToDto(segment))
            : Problem(result);
    }

    private static bool TryParseMember(MemberDto? dto, IControlPlane cp, string prefix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MemberSpec? member, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? bad)
    {
        member = null;
        bad = null;
        int given = dto is null ? 0 : new[] { dto.Port, dto.Mac, dto.Host, dto.Subnet }.Count(v => v is not null);
        if (dto is null || given != 1)
        {
            bad = Problems.BadField(prefix + "port", "a member has exactly one of 'port' (switch:port), 'mac', 'host' or 'subnet' (a.b.c.d/len)");
            return false;
        }

        if (dto.Port is { } portText)
        {
            if (!PortRef.TryParse(portText, out PortRef port))
            {
                bad = Problems.BadField(prefix + "port", $"'{portText}' is not a switch port: write 'switch:port', like 's1:2'");
                return false;
            }

            if (!IsKnownSwitch(cp, port.Switch))
            {
                bad = Problems.BadField(prefix + "port", $"'{port.Switch}' is not a known switch (name or datapath id)");
                return false;
            }

            member = MemberSpec.ForPort(port);
            return true;
        }

        if (dto.Mac is { } macText)
        {
            if (!MacFormat.TryParse(macText, out ulong mac) || mac == 0 || ((mac >> 40) & 1) != 0)
            {
                bad = Problems.BadField(prefix + "mac", $"'{macText}' is not a unicast MAC address like 00:00:00:00:00:01");
                return false;
            }

            member = MemberSpec.ForMac(mac);
            return true;
        }

        if (dto.Host is { } hostName)
        {
            ulong? mac = cp.Declared?.FindHost(hostName)?.Mac
                ?? cp.Topology.Hosts.FirstOrDefault(h => h.Name == hostName)?.Mac;
            if (mac is null)
            {
                bad = Problems.BadField(prefix + "host", $"no host is named '{hostName}'");
                return false;
            }

            member = MemberSpec.ForMac(mac.Value);
            return true;
        }

        if (!Ipv4Prefix.TryParse(dto.Subnet, out Ipv4Prefix subnet, out string? problem))
        {
            bad = Problems.BadField(prefix + "subnet", problem);
            return false;
        }

        member = MemberSpec.ForSubnet(subnet);
        return true;
    }

    private static bool IsKnownSwitch(IControlPlane cp, string name) =>
        cp.Declared?.FindSwitch(name) is not null
        || (Topology.Values.DatapathIdText.TryParse(name, out ulong dpid, out _) && (cp.Topology.FindSwitch(dpid) is not null || cp.Declared?.FindSwitch(dpid) is not null));

    private static SegmentSpec? FindSegment(ITenantService s, string tenant, string segment) =>
        s.Tenants.FirstOrDefault(t => t.Name == tenant)?.Segments.FirstOrDefault(x => x.Name == segment);

    /// <summary>True when tenant <paramref name="name"/> exists now.</summary>
    public static bool Exists(IControlPlane cp, IServiceProvider services, string name) =>
        Service(cp, services)?.Tenants.Any(t => t.Name == name) ?? false;

    /// <summary>The tenant service in DI, or the control plane's own.</summary>
    internal static ITenantService? Service(IControlPlane cp, IServiceProvider services) =>
        services.GetService<ITenantService>() ?? (cp as ControlPlane)?.Tenants;

    private static IResult Done(TenantResult result) => result.Succeeded ? Results.NoContent() : Problem(result);

    private static IResult Problem(TenantResult result) => result.Status switch
    {
        TenantResultStatus.NotFound => Problems.NotFound("Tenant resource", result.Detail ?? "not found"),
        TenantResultStatus.Invalid => Problems.BadField(result.Field ?? "body", result.Detail ?? "invalid value"),
        _ => Problems.Conflict(result.Detail ?? "conflict", result.Field),
    };

    private static IResult NoTenants() => Problems.Unavailable("this controller has no tenant service");

    private static TenantDto ToDto(TenantSpec t) => new(t.Name, [.. t.Segments.Select(ToDto)])
    {
        RateLimit = t.RateLimit is { } limit ? new RateLimitDto(limit.RateMbps, limit.BurstKbits == 0 ? null : limit.BurstKbits) : null,
    };

    private static SegmentDto ToDto(SegmentSpec s) => new(
        s.Name,
        s.Kind == SegmentKind.Vlan ? s.Id : null,
        s.Kind == SegmentKind.Vxlan ? s.Id : null,
        s.Subnet?.ToString(),
        s.Priority,
        [.. s.Members.Select(ToDto)]);

    private static MemberDto ToDto(MemberSpec m) => m.Kind switch
    {
        MemberKind.Port => new MemberDto(Port: m.Port.ToString()),
        MemberKind.Mac => new MemberDto(Mac: MacFormat.Format(m.Mac)),
        _ => new MemberDto(Subnet: m.Subnet.ToString()),
    };
}
