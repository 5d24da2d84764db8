namespace SdnCtl.IntegrationTests.Cli;

/// <summary>The <c>--of-tls-*</c> options are checked before anything starts.</summary>
public sealed class OpenFlowTlsOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sdnctl-tls-cli-").FullName;

    [Fact]
    public async Task Controller_CertificateWithoutKey_ExitsTwoNamingBothOptions()
    {
        string cert = Path.Combine(_dir, "c.pem");
        await File.WriteAllTextAsync(cert, "not used");

        var (code, stdout, stderr) = await SdnctlProcess.RunAsync("controller", "--openflow", "127.0.0.1:0", "--api", "http://127.0.0.1:0", "--of-tls-cert", cert);

        Assert.Equal(2, code);
        Assert.Contains("--of-tls-cert and --of-tls-key go together", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listening", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_MissingCaFile_ExitsTwoNamingTheFile()
    {
        string cert = Path.Combine(_dir, "c.pem");
        string key = Path.Combine(_dir, "k.pem");
        await File.WriteAllTextAsync(cert, "x");
        await File.WriteAllTextAsync(key, "x");

        var (code, _, stderr) = await SdnctlProcess.RunAsync("controller", "--openflow", "127.0.0.1:0", "--api", "http://127.0.0.1:0", "--of-tls-cert", cert, "--of-tls-key", key, "--of-tls-ca", Path.Combine(_dir, "absent-ca.pem"));

        Assert.Equal(2, code);
        Assert.Contains("--of-tls-ca: '", stderr, StringComparison.Ordinal);
        Assert.Contains("absent-ca.pem' does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controller_UnreadableCertificate_ExitsTwoNamingTheFile()
    {
        string cert = Path.Combine(_dir, "garbage.pem");
        string key = Path.Combine(_dir, "garbage.key");
        await File.WriteAllTextAsync(cert, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        await File.WriteAllTextAsync(key, "nothing");

        var (code, _, stderr) = await SdnctlProcess.RunAsync("controller", "--openflow", "127.0.0.1:0", "--api", "http://127.0.0.1:0", "--of-tls-cert", cert, "--of-tls-key", key, "--data", _dir);

        Assert.Equal(2, code);
        Assert.Contains("garbage.pem", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
