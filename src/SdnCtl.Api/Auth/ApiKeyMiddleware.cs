using SdnCtl.Api.Infrastructure;

namespace SdnCtl.Api.Auth;

/// <summary>
/// Checks <c>Authorization: Bearer KEY</c> on <c>/api</c> and <c>/metrics</c> once any key exists;
/// no key or an unknown one gets 401 problem+json. <c>/health</c> and the API description stay open.
/// The principal is left in <see cref="HttpContext.Items"/> for endpoints that need the scope.
/// </summary>
internal static class ApiKeyMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        PathString path = context.Request.Path;
        if (!path.StartsWithSegments("/api", StringComparison.Ordinal) && !path.StartsWithSegments("/metrics", StringComparison.Ordinal))
        {
            await next().ConfigureAwait(false);
            return;
        }

        ApiKeys keys = context.RequestServices.GetRequiredService<ApiKeys>();
        if (keys.IsOpen)
        {
            context.Items[typeof(ApiKeyPrincipal)] = new ApiKeyPrincipal(null, ApiKeyPrincipal.AdminScope);
            await next().ConfigureAwait(false);
            return;
        }

        string? header = context.Request.Headers.Authorization;
        ApiKeyPrincipal? principal = null;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            principal = keys.Authenticate(header["Bearer ".Length..].Trim());
        }

        if (principal is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Problems.Unauthorized(header is null
                    ? "this API needs an API key: send Authorization: Bearer KEY"
                    : "the API key is not known (revoked, mistyped, or not a Bearer key)")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Items[typeof(ApiKeyPrincipal)] = principal;
        await next().ConfigureAwait(false);
    }

    public static ApiKeyPrincipal Principal(this HttpContext context) =>
        context.Items[typeof(ApiKeyPrincipal)] as ApiKeyPrincipal ?? new ApiKeyPrincipal(null, ApiKeyPrincipal.AdminScope);
}
