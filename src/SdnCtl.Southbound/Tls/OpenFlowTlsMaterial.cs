using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DotNetty.Handlers.Tls;

namespace SdnCtl.Southbound.Tls;

/// <summary>
/// The listener's certificate and trusted CAs, loaded once at start-up so that a bad file fails the
/// start with its name rather than every handshake later. Makes one <see cref="TlsHandler"/> per
/// accepted connection.
/// </summary>
internal sealed class OpenFlowTlsMaterial : IDisposable
{
    // TLS 1.2 and 1.3 only: what Open vSwitch accepts by default and what OpenSSL 3 still enables.
    private const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection? _trustedCas;

    private OpenFlowTlsMaterial(X509Certificate2 certificate, X509Certificate2Collection? trustedCas)
    {
        _certificate = certificate;
        _trustedCas = trustedCas;
    }

    /// <summary>True when switches must present a certificate issued by a configured CA.</summary>
    public bool RequiresClientCertificate => _trustedCas is not null;

    /// <summary>Loads the PEM files of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A file is missing, unreadable or not what it should be.</exception>
    public static OpenFlowTlsMaterial Load(SouthboundTlsOptions options)
    {
        options.Validate();
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.PrivateKeyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
        {
            throw new ArgumentException($"OpenFlow TLS: cannot load the certificate '{options.CertificatePath}' with the key '{options.PrivateKeyPath}': {e.Message}", nameof(options), e);
        }

        if (options.CaCertificatePath is null)
        {
            return new OpenFlowTlsMaterial(certificate, null);
        }

        var cas = new X509Certificate2Collection();
        try
        {
            cas.ImportFromPemFile(options.CaCertificatePath);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            certificate.Dispose();
            throw new ArgumentException($"OpenFlow TLS: cannot load the CA certificates '{options.CaCertificatePath}': {e.Message}", nameof(options), e);
        }

        if (cas.Count == 0)
        {
            certificate.Dispose();
            throw new ArgumentException($"OpenFlow TLS: '{options.CaCertificatePath}' holds no PEM certificate", nameof(options));
        }

        return new OpenFlowTlsMaterial(certificate, cas);
    }

    /// <summary>
    /// A server-side TLS handler for one connection; <paramref name="rejected"/> receives the reason a
    /// client certificate was refused, so that the log can say why the handshake failed.
    /// </summary>
    public TlsHandler CreateHandler(Action<string> rejected) => new(
        stream => new SslStream(stream, leaveInnerStreamOpen: true, (_, certificate, _, errors) => VerifyClient(certificate, errors, rejected)),
        new ServerTlsSettings(_certificate, negotiateClientCertificate: RequiresClientCertificate, checkCertificateRevocation: false, Protocols));

    /// <inheritdoc/>
    public void Dispose()
    {
        _certificate.Dispose();
        if (_trustedCas is not null)
        {
            foreach (var ca in _trustedCas)
            {
                ca.Dispose();
            }
        }
    }

    private bool VerifyClient(X509Certificate? presented, SslPolicyErrors errors, Action<string> rejected)
    {
        if (_trustedCas is null)
        {
            return true;
        }

        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            rejected("the switch presented no certificate, and a CA is configured (mutual TLS)");
            return false;
        }

        // Only the chain to a configured CA counts, as with Open vSwitch's ca_cert: not the
        // machine's trust store, and not the name (switches connect from anywhere).
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

        string status = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        rejected($"the switch certificate '{certificate.Subject}' does not chain to a configured CA ({status})");
        return false;
    }
}
