using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SdnCtl.IntegrationTests.Southbound.Tls;

/// <summary>
/// A throw-away PKI in a temporary directory: CAs and leaf certificates made with
/// <see cref="CertificateRequest"/>, written as PEM files the way an operator would hand them over.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly Dictionary<string, (X509Certificate2 Certificate, ECDsa Key)> _cas = [];

    public TestCertificates() => Directory.CreateDirectory(DirectoryPath);

    public string DirectoryPath { get; } = Path.Combine(Path.GetTempPath(), "sdnctl-tls-" + Guid.NewGuid().ToString("N"));

    /// <summary>Creates a self-signed CA and writes NAME.pem; returns its path.</summary>
    public string CreateCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        _cas[name] = (certificate, key);
        string path = Path.Combine(DirectoryPath, $"{name}.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    /// <summary>Issues a leaf certificate (server and client use) for 127.0.0.1 from CA <paramref name="caName"/>.</summary>
    public (string CertificatePath, string KeyPath) Issue(string caName, string name)
    {
        var (caCertificate, caKey) = _cas[caName];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCertificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(caCertificate.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddHours(-1), now.AddHours(12), RandomNumberGenerator.GetBytes(16));
        string certificatePath = Path.Combine(DirectoryPath, $"{name}.crt.pem");
        string keyPath = Path.Combine(DirectoryPath, $"{name}.key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    public void Dispose()
    {
        foreach (var (certificate, key) in _cas.Values)
        {
            certificate.Dispose();
            key.Dispose();
        }

        Directory.Delete(DirectoryPath, recursive: true);
    }
}
