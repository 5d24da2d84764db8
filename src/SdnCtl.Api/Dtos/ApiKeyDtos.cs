namespace SdnCtl.Api.Dtos;

/// <summary>A key to create.</summary>
/// <param name="Name">What it is for.</param>
/// <param name="Scope">"admin" (the default) or "tenant:NAME" for a key that sees and changes only tenant NAME.</param>
public sealed record CreateApiKeyRequest(string? Name, string? Scope = null);

/// <summary>A key as listed: never its secret.</summary>
public sealed record ApiKeyDto(string Id, string Name, string Scope, DateTimeOffset? Created);

/// <summary>A key just created: the secret is shown this once and stored only as a hash.</summary>
public sealed record CreatedApiKeyDto(string Id, string Name, string Scope, DateTimeOffset Created, string Key);
