using System.Net;
using SdnCtl.IntegrationTests.Southbound;
using SdnCtl.IntegrationTests.Southbound.Tls;
using SdnCtl.Southbound;
using SdnCtl.Southbound.Tls;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// Open vSwitch's <c>ssl:</c> controller connection against the controller's TLS listener: OVS's
/// certificate from the configured CA connects (mutual TLS); one from another CA is refused and logged.
/// Each test runs its own TLS listener and bridge, and puts OVS's SSL settings back.
/// </summary>
[Collection(OvsCollection.Name)]
public sealed class OvsTlsTests(OvsFixture ovs) : IDisposable
{
    private const int TlsHandshakeFailedEvent = 3022;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private readonly TestCertificates _pki = new();

    // OVS adds CA certificates to its store and never drops them while it runs, so a CA of an earlier
    // test with the same name (and another key) would shadow this test's: every CA name is new.
    private readonly string _ca = "ovs-test-ca-" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _pki.Dispose();

    [SkippableFact]
    public async Task SslTarget_OvsCertificateFromTheCa_ConnectsOverMutualTls()
    {
        ovs.SkipIfUnavailable();
        string ca = _pki.CreateCa(_ca);
        var controller = _pki.Issue(_ca, "controller");
        var sw = _pki.Issue(_ca, "ovs-switch");
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(controller, ca, sink, new RecordingLogger());
        const ulong dpid = 0x0e51;

        await using var bridge = await SslBridge.CreateAsync("ovtls1", dpid, sw, ca, server.BoundEndPoint.Port);
        await sink.AllConnected.WaitAsync(Guard);

        var connection = sink.Connected[dpid];
        Assert.Equal("Nicira, Inc.", connection.Description.MfrDesc);
        await connection.BarrierAsync().WaitAsync(Guard);
    }

    [SkippableFact]
    public async Task SslTarget_OvsCertificateFromAnotherCa_RefusedAndLogged()
    {
        ovs.SkipIfUnavailable();
        string ca = _pki.CreateCa(_ca);
        var controller = _pki.Issue(_ca, "controller");
        string rogueCa = "rogue-ca-" + Guid.NewGuid().ToString("N")[..8];
        _pki.CreateCa(rogueCa);
        var rogue = _pki.Issue(rogueCa, "rogue-ovs");
        var sink = new RecordingSink(1);
        var logger = new RecordingLogger();
        await using var server = await StartServerAsync(controller, ca, sink, logger);

        // OVS trusts the controller's CA; the controller does not trust OVS's.
        await using var bridge = await SslBridge.CreateAsync("ovtls2", 0x0e52, rogue, ca, server.BoundEndPoint.Port);
        var refused = await logger.WaitForAsync(e => e.EventId == TlsHandshakeFailedEvent && e.Message.Contains("does not chain", StringComparison.Ordinal)).WaitAsync(Guard);

        Assert.Contains("CN=rogue-ovs", refused.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Connected);
    }

    private static async Task<OpenFlowServer> StartServerAsync((string Certificate, string Key) identity, string ca, RecordingSink sink, RecordingLogger logger)
    {
        var server = new OpenFlowServer(
            new SouthboundOptions
            {
                ListenAddress = IPAddress.Loopback,
                Port = 0,
                EventLoopThreads = 1,
                Tls = new SouthboundTlsOptions { CertificatePath = identity.Certificate, PrivateKeyPath = identity.Key, CaCertificatePath = ca },
            },
            sink,
            logger);
        await server.StartAsync();
        return server;
    }

    /// <summary>A bridge whose controller is <c>ssl:127.0.0.1:PORT</c>, with OVS's SSL settings; both removed on dispose.</summary>
    private sealed class SslBridge(string name) : IAsyncDisposable
    {
        public static async Task<SslBridge> CreateAsync(string name, ulong dpid, (string Certificate, string Key) identity, string ca, int port)
        {
            await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "set-ssl", identity.Key, identity.Certificate, ca);
            var bridge = new SslBridge(name);
            await OvsFixture.RunAsync(
                "ovs-vsctl", "--timeout=10", "--", "add-br", name,
                "--", "set", "bridge", name, "datapath_type=netdev", "protocols=OpenFlow13", "fail-mode=secure", $"other-config:datapath-id={dpid:x16}",
                "--", "--id=@c", "create", "controller", $"target=\"ssl:127.0.0.1:{port}\"", "max_backoff=1000",
                "--", "set", "bridge", name, "controller=@c");
            return bridge;
        }

        public async ValueTask DisposeAsync()
        {
            await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", name);
            await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "del-ssl");
        }
    }
}
