using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using SdnCtl.Control.Store;

namespace SdnCtl.Api.Auth;

/// <summary>
/// The API keys: one optionally given in the configuration (not stored, not revocable over the API),
/// and those created over the API, kept in the <see cref="IControllerStore"/> as SHA-256 hashes.
/// With none at all the API is open (and the host listens on loopback only).
/// </summary>
/// <remarks>
/// A plain SHA-256 is enough here, unlike for passwords: keys are 256 random bits, so there is
/// nothing to guess from a leaked hash, and a fast hash keeps per-request checks cheap.
/// </remarks>
public sealed class ApiKeys
{
    /// <summary>Id under which the configured key is listed.</summary>
    public const string ConfiguredKeyId = "configured";

    private readonly IControllerStore _store;
    private readonly string? _configuredHash;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private volatile FrozenDictionary<string, StoredApiKey> _byHash;

    public ApiKeys(IControllerStore store, string? configuredKey = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
        _configuredHash = string.IsNullOrEmpty(configuredKey) ? null : Hash(configuredKey);
        _byHash = Load();
    }

    /// <summary>True when no key exists: every request is let in (loopback only).</summary>
    public bool IsOpen => _configuredHash is null && _byHash.Count == 0;

    /// <summary>Who <paramref name="key"/> is, or <see langword="null"/> for an unknown key.</summary>
    public ApiKeyPrincipal? Authenticate(string key)
    {
        string hash = Hash(key);
        if (hash == _configuredHash)
        {
            return new ApiKeyPrincipal(ConfiguredKeyId, ApiKeyPrincipal.AdminScope);
        }

        return _byHash.TryGetValue(hash, out var stored) ? new ApiKeyPrincipal(stored.Id, stored.Scope) : null;
    }

    /// <summary>Every key (the configured one first), without secrets.</summary>
    public IReadOnlyList<StoredApiKey> List()
    {
        var stored = _store.ListApiKeys();
        return _configuredHash is null
            ? stored
            : [new StoredApiKey(ConfiguredKeyId, "from the configuration", ApiKeyPrincipal.AdminScope, string.Empty, DateTimeOffset.MinValue), .. stored];
    }

    /// <summary>Creates a key, stores its hash, and returns the key text: the only time anyone sees it.</summary>
    public (StoredApiKey Key, string Secret) Create(string name, string scope)
    {
        string secret = "sdn_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new StoredApiKey("k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), name, scope, Hash(secret), _time.GetUtcNow());
        lock (_gate)
        {
            _store.AddApiKey(key);
            _byHash = Load();
        }

        return (key, secret);
    }

    /// <summary>Revokes a stored key; false when there is none with that id.</summary>
    public bool Revoke(string id)
    {
        lock (_gate)
        {
            bool removed = _store.RemoveApiKey(id);
            _byHash = Load();
            return removed;
        }
    }

    /// <summary>Revokes every key scoped to <paramref name="tenant"/> (when the tenant is deleted); returns how many.</summary>
    public int RevokeTenant(string tenant)
    {
        string scope = ApiKeyPrincipal.TenantScope(tenant);
        lock (_gate)
        {
            int removed = _store.ListApiKeys().Where(k => k.Scope == scope).Count(k => _store.RemoveApiKey(k.Id));
            _byHash = Load();
            return removed;
        }
    }

    private FrozenDictionary<string, StoredApiKey> Load() =>
        _store.ListApiKeys().ToFrozenDictionary(k => k.Hash, StringComparer.Ordinal);

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
