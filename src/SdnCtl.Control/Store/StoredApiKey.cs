namespace SdnCtl.Control.Store;

/// <summary>An API key as stored: never the key itself, only its SHA-256.</summary>
/// <param name="Id">Public identifier, used to list and revoke the key.</param>
/// <param name="Name">What the key is for.</param>
/// <param name="Scope">"admin" or "tenant:NAME".</param>
/// <param name="Hash">Lower-case hex SHA-256 of the key's UTF-8 text.</param>
/// <param name="Created">When it was created.</param>
public sealed record StoredApiKey(string Id, string Name, string Scope, string Hash, DateTimeOffset Created);
