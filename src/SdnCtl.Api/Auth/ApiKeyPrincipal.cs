namespace SdnCtl.Api.Auth;

/// <summary>Who a request is: the key it authenticated with, or the open loopback API's anonymous admin.</summary>
/// <param name="KeyId">The key's id; <see langword="null"/> when the API is open (no key configured).</param>
/// <param name="Scope"><c>admin</c>, or <c>tenant:NAME</c> for a key that sees only tenant NAME (see <see cref="TenantAccess"/>).</param>
public sealed record ApiKeyPrincipal(string? KeyId, string Scope)
{
    public const string AdminScope = "admin";

    /// <summary>The prefix of a tenant scope: <c>tenant:corp</c>.</summary>
    public const string TenantScopePrefix = "tenant:";

    public bool IsAdmin => Scope == AdminScope;

    /// <summary>The tenant a tenant key is for; <see langword="null"/> for an admin.</summary>
    public string? Tenant => Scope.StartsWith(TenantScopePrefix, StringComparison.Ordinal) ? Scope[TenantScopePrefix.Length..] : null;

    /// <summary>True when this caller may see and change what tenant <paramref name="tenant"/> owns: an admin may see everything.</summary>
    public bool CanSee(string? tenant) => IsAdmin || (tenant is not null && Tenant is { } own && own == tenant);

    /// <summary>The scope of a key for tenant <paramref name="tenant"/>.</summary>
    public static string TenantScope(string tenant) => TenantScopePrefix + tenant;
}
