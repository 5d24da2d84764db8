using SdnCtl.Api.Auth;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;

namespace SdnCtl.Api.Endpoints;

/// <summary>API keys: created, listed and revoked by an admin.</summary>
internal static class KeyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("API keys");

        // Admin only, like every endpoint not marked for tenant keys (TenantAccess).
        keys.MapGet("/", (ApiKeys store) =>
            Results.Ok(store.List().Select(k => new ApiKeyDto(k.Id, k.Name, k.Scope, k.Created == DateTimeOffset.MinValue ? null : k.Created)).ToArray()))
            .WithName("ListApiKeys").WithSummary("Every API key, without secrets (admin only).")
            .Produces<ApiKeyDto[]>();

        keys.MapPost("/", (CreateApiKeyRequest? body, ApiKeys store, IControlPlane cp, IServiceProvider services) =>
        {
            // Control and format characters (NUL, bidi overrides) would make the key list lie when printed.
            if (body is null || string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 200
                || body.Name.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
            {
                return Problems.BadField("name", "a name of 1–200 printable characters saying what the key is for is required");
            }

            string scope = body.Scope ?? ApiKeyPrincipal.AdminScope;
            string? tenant = new ApiKeyPrincipal(null, scope).Tenant;
            if (scope != ApiKeyPrincipal.AdminScope && tenant is null)
            {
                return Problems.BadField("scope", $"'{scope}' is not a scope: write 'admin' or 'tenant:NAME' for a key that sees only tenant NAME");
            }

            if (tenant is not null && !TenantEndpoints.Exists(cp, services, tenant))
            {
                return Problems.BadField("scope", $"no tenant '{tenant}': create it first (POST /api/v1/tenants)");
            }

            var (key, secret) = store.Create(body.Name.Trim(), scope);
            return Results.Created($"/api/v1/keys/{key.Id}", new CreatedApiKeyDto(key.Id, key.Name, key.Scope, key.Created, secret));
        })
        .WithName("CreateApiKey").WithSummary("Creates a key and returns it once; only its SHA-256 is stored (admin only).")
        .Produces<CreatedApiKeyDto>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status400BadRequest);

        keys.MapDelete("/{id}", (string id, ApiKeys store) =>
        {
            if (id == ApiKeys.ConfiguredKeyId)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The key cannot be revoked here",
                    detail: "the configured key is set on the command line (--api-key); restart without it to retire it");
            }

            return store.Revoke(id) ? Results.NoContent() : Problems.NotFound("API key", $"no API key has id '{id}'");
        })
        .WithName("RevokeApiKey").WithSummary("Revokes a key at once (admin only).")
        .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
