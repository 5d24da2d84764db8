namespace SdnCtl.Southbound.Tls;

/// <summary>
/// TLS on the OpenFlow listener, like Open vSwitch's <c>ssl:</c> connections: the controller presents
/// <see cref="CertificatePath"/>; with <see cref="CaCertificatePath"/> set every switch must present a
/// certificate issued by that CA (mutual TLS) or its connection is refused during the handshake.
/// </summary>
public sealed class SouthboundTlsOptions
{
    /// <summary>The controller's certificate (PEM; may carry its intermediate chain after it).</summary>
    public required string CertificatePath { get; init; }

    /// <summary>The private key of <see cref="CertificatePath"/> (PEM, PKCS#8, PKCS#1 or SEC1).</summary>
    public required string PrivateKeyPath { get; init; }

    /// <summary>
    /// CA certificate(s) (PEM) that switch certificates must chain to; <see langword="null"/> asks for no
    /// client certificate (server-authenticated TLS only).
    /// </summary>
    public string? CaCertificatePath { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first missing file.</summary>
    public void Validate()
    {
        RequireFile(CertificatePath, nameof(CertificatePath));
        RequireFile(PrivateKeyPath, nameof(PrivateKeyPath));
        if (CaCertificatePath is not null)
        {
            RequireFile(CaCertificatePath, nameof(CaCertificatePath));
        }
    }

    private static void RequireFile(string? path, string name)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException($"{name} must be set", name);
        }

        if (!File.Exists(path))
        {
            throw new ArgumentException($"{name}: '{path}' does not exist", name);
        }
    }
}
