using System.Net;
using Microsoft.Extensions.Logging;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Transport;
using SdnCtl.Southbound;
using SdnCtl.Southbound.Tls;

namespace SdnCtl.IntegrationTests.Southbound.Tls;

/// <summary>
/// The OpenFlow channel over TLS between the controller's listener and a simulated switch, both
/// sides on DotNetty's TlsHandler, with certificates made in the test.
/// </summary>
public sealed class OpenFlowTlsTests : IDisposable
{
    private const int TlsHandshakeFailedEvent = 3022;
    private const int TransportErrorEvent = 3012;
    private const int SinkFailedEvent = 3013;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly TestCertificates _pki = new();
    private readonly string _ca;
    private readonly (string Certificate, string Key) _controller;
    private readonly (string Certificate, string Key) _switch;

    public OpenFlowTlsTests()
    {
        _ca = _pki.CreateCa("sdnctl-test-ca");
        _controller = _pki.Issue("sdnctl-test-ca", "controller");
        _switch = _pki.Issue("sdnctl-test-ca", "switch-1");
    }

    public void Dispose() => _pki.Dispose();

    [Fact]
    public async Task MutualTls_SwitchWithCertificateFromTheCa_CompletesHandshakeAndExchangesMessages()
    {
        var logger = new RecordingLogger();
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(logger, sink, requireClientCertificate: true);

        await using var agents = StartSwitch(server, new SwitchTlsOptions { CertificatePath = _switch.Certificate, PrivateKeyPath = _switch.Key, CaCertificatePath = _ca });
        await sink.AllConnected.WaitAsync(Guard);

        // A request/reply round trip proves OpenFlow flows both ways inside the TLS session.
        var connection = sink.Connected[1];
        await connection.BarrierAsync().WaitAsync(Guard);
        Assert.True(server.FindSession(1)!.IsEncrypted);
        Assert.Equal(0, agents.Agents[0].TlsFailureCount);
        Assert.DoesNotContain(logger.Entries, e => e.EventId == TlsHandshakeFailedEvent);
    }

    [Fact]
    public async Task MutualTls_SwitchCertificateFromAnotherCa_RefusedWithReasonAndNoEscapingException()
    {
        _pki.CreateCa("rogue-ca");
        var rogue = _pki.Issue("rogue-ca", "rogue-switch");
        var logger = new RecordingLogger();
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(logger, sink, requireClientCertificate: true);

        await using var agents = StartSwitch(server, new SwitchTlsOptions { CertificatePath = rogue.CertificatePath, PrivateKeyPath = rogue.KeyPath, CaCertificatePath = _ca });
        var refused = await logger.WaitForAsync(TlsHandshakeFailedEvent).WaitAsync(Guard);

        Assert.Contains("CN=rogue-switch", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not chain to a configured CA", refused.Message, StringComparison.Ordinal);
        AssertRefusedCleanly(server, sink, logger);
    }

    [Fact]
    public async Task MutualTls_SwitchWithoutCertificate_Refused()
    {
        var logger = new RecordingLogger();
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(logger, sink, requireClientCertificate: true);

        await using var agents = StartSwitch(server, new SwitchTlsOptions { CaCertificatePath = _ca });
        var refused = await logger.WaitForAsync(TlsHandshakeFailedEvent).WaitAsync(Guard);

        Assert.Contains("presented no certificate", refused.Message, StringComparison.Ordinal);
        AssertRefusedCleanly(server, sink, logger);
    }

    [Fact]
    public async Task ServerOnlyTls_SwitchWithoutCertificate_Connects()
    {
        var logger = new RecordingLogger();
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(logger, sink, requireClientCertificate: false);

        await using var agents = StartSwitch(server, new SwitchTlsOptions { CaCertificatePath = _ca });
        await sink.AllConnected.WaitAsync(Guard);
        await sink.Connected[1].BarrierAsync().WaitAsync(Guard);
    }

    [Fact]
    public async Task PlainTcpSwitch_ToTlsListener_RefusedCleanly()
    {
        var logger = new RecordingLogger();
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(logger, sink, requireClientCertificate: true);

        await using var agents = StartSwitch(server, tls: null);
        var refused = await logger.WaitForAsync(TlsHandshakeFailedEvent).WaitAsync(Guard);

        Assert.Contains("did not start a TLS handshake", refused.Message, StringComparison.Ordinal);
        AssertRefusedCleanly(server, sink, logger);
    }

    [Fact]
    public async Task TlsSwitch_ControllerCertificateFromAnotherCa_SwitchRefusesIt()
    {
        _pki.CreateCa("other-ca");
        var logger = new RecordingLogger();
        var sink = new RecordingSink(1);
        await using var server = await StartServerAsync(logger, sink, requireClientCertificate: false);

        string otherCa = Path.Combine(_pki.DirectoryPath, "other-ca.pem");
        var switchLogger = new RecordingLogger();
        await using var agents = StartSwitch(server, new SwitchTlsOptions { CaCertificatePath = otherCa }, switchLogger);
        var refused = await switchLogger.WaitForAsync(2204).WaitAsync(Guard);

        Assert.Contains("does not chain to the configured CA", refused.Message, StringComparison.Ordinal);
        Assert.Empty(sink.Connected);
    }

    [Fact]
    public async Task Start_CertificateFileMissing_FailsNamingTheFile()
    {
        var options = new SouthboundOptions
        {
            ListenAddress = IPAddress.Loopback,
            Port = 0,
            Tls = new SouthboundTlsOptions { CertificatePath = Path.Combine(_pki.DirectoryPath, "absent.pem"), PrivateKeyPath = _controller.Key },
        };
        await using var server = new OpenFlowServer(options, new RecordingSink(1), new RecordingLogger());

        var error = await Assert.ThrowsAsync<ArgumentException>(server.StartAsync);

        Assert.Contains("absent.pem", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRefusedCleanly(OpenFlowServer server, RecordingSink sink, RecordingLogger logger)
    {
        Assert.Empty(sink.Connected);
        Assert.Empty(server.Connections);
        Assert.DoesNotContain(logger.Entries, e => e.EventId is TransportErrorEvent or SinkFailedEvent || e.Level >= LogLevel.Error);
    }

    private static SwitchAgentHost StartSwitch(OpenFlowServer server, SwitchTlsOptions? tls, ILogger? logger = null)
    {
        var options = new SwitchAgentOptions
        {
            Host = "127.0.0.1",
            Port = server.BoundEndPoint.Port,
            Tls = tls,

            // Refused switches retry; keep them from retrying so fast that the log fills up.
            InitialReconnectDelay = TimeSpan.FromSeconds(1),
        };
        var host = new SwitchAgentHost(options, eventLoopThreads: 1, logger is null ? null : new SingleLoggerFactory(logger));
        var sw = new SimulatedSwitch(new SwitchOptions { DatapathId = 1 });
        sw.AddPort(1);
        host.Add(sw);
        host.Start();
        return host;
    }

    private async Task<OpenFlowServer> StartServerAsync(RecordingLogger logger, RecordingSink sink, bool requireClientCertificate)
    {
        var server = new OpenFlowServer(
            new SouthboundOptions
            {
                ListenAddress = IPAddress.Loopback,
                Port = 0,
                EventLoopThreads = 1,
                Tls = new SouthboundTlsOptions
                {
                    CertificatePath = _controller.Certificate,
                    PrivateKeyPath = _controller.Key,
                    CaCertificatePath = requireClientCertificate ? _ca : null,
                },
            },
            sink,
            logger);
        await server.StartAsync();
        return server;
    }

    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
