using System.Globalization;
using System.Text.Json.Nodes;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Endpoints;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Api.Appliances;

/// <summary>
/// Who owns an appliance a create or replace body describes, and whether the caller may say so.
/// </summary>
/// <remarks>
/// An admin may name any existing tenant in <c>tenant</c> (or leave it out: admin-owned). A tenant
/// key's appliance always belongs to its tenant (naming another is a 400 on <c>tenant</c>), and each of
/// its interfaces must be attached to one of that tenant's access ports (a <c>port</c> member) or left
/// unattached, so a tenant cannot cable an appliance into the shared network or another tenant's.
/// </remarks>
internal static class ApplianceOwnership
{
    /// <summary>The 400 for a body the caller may not send, or <see langword="null"/>; fills in a tenant key's <c>tenant</c>.</summary>
    public static IResult? Check(HttpContext http, JsonObject body, IControlPlane cp, IServiceProvider services)
    {
        string? named = null;
        if (body["tenant"] is { } node)
        {
            if (node is not JsonValue value || !value.TryGetValue(out named) || string.IsNullOrWhiteSpace(named))
            {
                return Problems.BadField("tenant", "the owning tenant's name (text), or leave it out for an admin-owned appliance");
            }
        }

        IReadOnlyList<TenantSpec> tenants = TenantEndpoints.Service(cp, services)?.Tenants ?? [];
        if (http.Principal().Tenant is not { } own)
        {
            return named is null || tenants.Any(t => t.Name == named) ? null : Problems.BadField("tenant", $"no tenant is named '{named}'");
        }

        if (named is not null && named != own)
        {
            return Problems.BadField("tenant", $"a key of tenant '{own}' creates appliances of tenant '{own}' only");
        }

        body["tenant"] = own;
        TenantSpec? spec = tenants.FirstOrDefault(t => t.Name == own);
        JsonArray interfaces = body["interfaces"] as JsonArray ?? [];
        for (int i = 0; i < interfaces.Count; i++)
        {
            string field = string.Create(CultureInfo.InvariantCulture, $"interfaces[{i}].attachment");
            string? attachment = interfaces[i]?["attachment"] is JsonValue a && a.TryGetValue(out string? text) ? text : null;
            bool member = attachment is null || (PortRef.TryParse(attachment, out PortRef port)
                && spec?.Segments.Any(s => s.Members.Any(m => m.Kind == MemberKind.Port && m.Port == port)) == true);
            if (!member)
            {
                return Problems.BadField(field, $"'{attachment}' is not an access port of tenant '{own}'; attach a tenant's appliance to one of its segments' port members");
            }
        }

        return null;
    }
}
