namespace SdnCtl.Api.Auth;

/// <summary>Who a request is: the key it authenticated with, or the open loopback API's anonymous admin.</summary>
/// <param name="KeyId">The key's id; <see langword="null"/> when the API is open (no key configured).</param>
/// <param name="Scope">"admin" (tenant scopes come with tenants).</param>
public sealed record ApiKeyPrincipal(string? KeyId, string Scope)
{
    public const string AdminScope = "admin";

    public bool IsAdmin => Scope == AdminScope;
}
