using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotNetty.Handlers.Tls;

namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// A switch's TLS certificate and trusted CAs, loaded once per agent host; makes one client
/// <see cref="TlsHandler"/> per connection attempt. (The controller has its own counterpart in
/// SdnCtl.Southbound: the two planes share nothing but the wire.)
/// </summary>
internal sealed class SwitchTlsMaterial : IDisposable
{
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private readonly X509Certificate2? _certificate;
    private readonly X509Certificate2Collection? _trustedCas;

    private SwitchTlsMaterial(X509Certificate2? certificate, X509Certificate2Collection? trustedCas)
    {
        _certificate = certificate;
        _trustedCas = trustedCas;
    }

    /// <exception cref="ArgumentException">A file is missing or unreadable, or a certificate comes without its key.</exception>
    public static SwitchTlsMaterial Load(SwitchTlsOptions options)
    {
        if ((options.CertificatePath is null) != (options.PrivateKeyPath is null))
        {
            throw new ArgumentException("switch TLS: a certificate needs its private key and a key its certificate", nameof(options));
        }

        X509Certificate2? certificate = null;
        X509Certificate2Collection? cas = null;
        try
        {
            if (options.CertificatePath is not null)
            {
                certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.PrivateKeyPath);
            }

            if (options.CaCertificatePath is not null)
            {
                cas = [];
                cas.ImportFromPemFile(options.CaCertificatePath);
                if (cas.Count == 0)
                {
                    throw new ArgumentException($"switch TLS: '{options.CaCertificatePath}' holds no PEM certificate", nameof(options));
                }
            }
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            certificate?.Dispose();
            throw new ArgumentException($"switch TLS: cannot load the certificate files: {e.Message}", nameof(options), e);
        }

        return new SwitchTlsMaterial(certificate, cas);
    }

    /// <summary>A client-side TLS handler for one connection to <paramref name="host"/>.</summary>
    public TlsHandler CreateHandler(string host, Action<string> rejected) => new(
        stream => _certificate is null
            ? new SslStream(stream, leaveInnerStreamOpen: true, (_, certificate, _, errors) => VerifyController(certificate, errors, rejected))
            : new SslStream(
                stream,
                leaveInnerStreamOpen: true,
                (_, certificate, _, errors) => VerifyController(certificate, errors, rejected),

                // Present the certificate whatever CA names the controller lists: a refusal is the
                // controller's to make, and it is the one that can log why.
                (_, _, _, _, _) => _certificate),
        new ClientTlsSettings(Protocols, checkCertificateRevocation: false, _certificate is null ? [] : [_certificate], host));

    /// <inheritdoc/>
    public void Dispose()
    {
        _certificate?.Dispose();
        foreach (var ca in _trustedCas ?? [])
        {
            ca.Dispose();
        }
    }

    private bool VerifyController(X509Certificate? presented, SslPolicyErrors errors, Action<string> rejected)
    {
        if (presented is null)
        {
            rejected("the controller presented no certificate");
            return false;
        }

        if (_trustedCas is null)
        {
            // The machine's trust store decided; only the name is not held against the controller.
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
            if (errors != SslPolicyErrors.None)
            {
                rejected($"the controller certificate is not trusted by this machine ({errors})");
            }

            return errors == SslPolicyErrors.None;
        }

        var certificate = presented as X509Certificate2;
        using var copy = certificate is null ? new X509Certificate2(presented) : null;
        certificate ??= copy!;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trustedCas);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate))
        {
            return true;
        }

        rejected($"the controller certificate '{certificate.Subject}' does not chain to the configured CA ({string.Join(", ", chain.ChainStatus.Select(s => s.Status).Distinct())})");
        return false;
    }
}
