using SdnCtl.DataPlane.Transport;
using SdnCtl.Southbound.Tls;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// The PEM files of <c>--of-tls-cert</c>, <c>--of-tls-key</c> and <c>--of-tls-ca</c>, checked together:
/// a certificate needs its key, and every named file must exist.
/// </summary>
internal sealed record OpenFlowTlsFiles(string? Certificate, string? Key, string? Ca)
{
    /// <summary>True when any TLS option was given.</summary>
    public bool Any => Certificate is not null || Key is not null || Ca is not null;

    /// <summary>The first problem with the options as given, or null when they can be used.</summary>
    /// <param name="certificateRequired">The controller's listener needs a certificate; a switch may go without.</param>
    public string? Problem(bool certificateRequired)
    {
        if (!Any)
        {
            return null;
        }

        if ((Certificate is null) != (Key is null))
        {
            return "--of-tls-cert and --of-tls-key go together (a PEM certificate and its private key)";
        }

        if (certificateRequired && Certificate is null)
        {
            return "--of-tls-ca needs --of-tls-cert and --of-tls-key: the controller must present a certificate";
        }

        foreach (var (option, path) in new[] { ("--of-tls-cert", Certificate), ("--of-tls-key", Key), ("--of-tls-ca", Ca) })
        {
            if (path is not null && !File.Exists(path))
            {
                return $"{option}: '{path}' does not exist";
            }
        }

        return null;
    }

    /// <summary>The listener's TLS settings, or null for plain TCP. Call after <see cref="Problem"/> gave null.</summary>
    public SouthboundTlsOptions? ForController() =>
        Certificate is null || Key is null ? null : new SouthboundTlsOptions { CertificatePath = Certificate, PrivateKeyPath = Key, CaCertificatePath = Ca };

    /// <summary>The simulated switches' TLS settings, or null for plain TCP.</summary>
    public SwitchTlsOptions? ForSwitches() =>
        Any ? new SwitchTlsOptions { CertificatePath = Certificate, PrivateKeyPath = Key, CaCertificatePath = Ca } : null;
}
