using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Switches;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Tenants;

/// <summary>
/// Per-tenant rate limits over real TCP: the controller installs a meter per switch and sends the
/// tenant's ingress through it, and the simulated switch drops what exceeds it. The simulator's clock
/// is frozen, so the meter's token bucket never refills during a test: what passes is the burst and
/// nothing more, whatever the machine's speed.
/// </summary>
public sealed class TenantMeterTests : IAsyncLifetime
{
    private const int FrameBytes = 1000;   // 8 kbit each
    private const int Frames = 10;
    private const ulong H1 = 0x00_00_00_00_00_01;
    private const ulong H2 = 0x00_00_00_00_00_02;

    private const string Topology = """
        name: metered
        switches:
          - { name: s1, dpid: 1, ports: 3 }
        hosts:
          - { name: h1, mac: "00:00:00:00:00:01", ip: 10.0.0.1/24, at: s1:1 }
          - { name: h2, mac: "00:00:00:00:00:02", ip: 10.0.0.2/24, at: s1:2 }
        tenants:
          - name: acme
            rateLimitMbps: 1
            burstKbits: 20            # two 1000-byte frames (8 kbit each), with room for a host's ARP before them
            segments:
              - name: web
                vlan: 10
                members:
                  - port: s1:1
                  - port: s1:2
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("sdnctl-meter-").FullName;
    private SimulatedNetwork _network = null!;
    private ControllerHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        string file = Path.Combine(_dir, "metered.yaml");
        await File.WriteAllTextAsync(file, Topology);
        var document = TopologyLoader.Load(file);
        _network = new SimulatedNetwork(document, new SimulatedNetworkOptions { Clock = new FakeTimeProvider() });
        _host = await ControllerHost.StartAsync(
            new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), Declared = document },
            NullLoggerFactory.Instance,
            new SimulatorAdapter(_network));
        await _network.StartAsync(_host.Server.BoundEndPoint);
        await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.Connections.Count == 1);
        _http = new HttpClient { BaseAddress = new Uri(_host.ApiAddress) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task DeclaredRateLimit_MeterReadBackMatches_AndFramesBeyondTheBurstAreDropped()
    {
        await SettleAsync();
        var connection = _host.ControlPlane.Connections.Single();

        MeterConfigEntry meter = Assert.Single(await MeterConfigAsync(connection));
        Assert.Equal(MeterFlags.Kbps | MeterFlags.Burst | MeterFlags.Stats, meter.Flags);
        OfpMeterBand band = Assert.Single(meter.Bands);
        Assert.Equal(MeterBandType.Drop, band.Type);
        Assert.Equal(1000u, band.Rate);
        Assert.Equal(20u, band.BurstSize);
        Assert.All(await ClassificationRulesAsync(connection), r => Assert.Contains(r.Instructions, i => i.Type == OfpInstructionType.Meter && i.MeterId == meter.MeterId));

        int delivered = await SendAndCountAsync();

        Assert.Equal(2, delivered);
        var switchMeter = _network.Switches.Single().Pipeline.Meters[meter.MeterId];
        Assert.True(switchMeter.PacketInCount >= Frames, $"{switchMeter.PacketInCount} packets metered");
        Assert.Equal((ulong)(Frames - 2), switchMeter.BandPacketCounts[0]);
    }

    [Fact]
    public async Task RestChangesAndLiftsTheLimit_MeterFollows_AndWithoutItEveryFramePasses()
    {
        await SettleAsync();
        var connection = _host.ControlPlane.Connections.Single();
        uint meterId = Assert.Single(await MeterConfigAsync(connection)).MeterId;

        using (var put = await _http.PutAsJsonAsync("/api/v1/tenants/acme/rate-limit", new { rateLimitMbps = 5, burstKbits = 64 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Contains("\"rateLimitMbps\":5", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await SettleAsync();
        MeterConfigEntry changed = Assert.Single(await MeterConfigAsync(connection));
        Assert.Equal(meterId, changed.MeterId);
        Assert.Equal(5000u, changed.Bands[0].Rate);
        Assert.Equal(64u, changed.Bands[0].BurstSize);

        using (var delete = await _http.DeleteAsync("/api/v1/tenants/acme/rate-limit"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        await SettleAsync();
        Assert.Empty(await MeterConfigAsync(connection));
        var rules = await ClassificationRulesAsync(connection);
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.DoesNotContain(r.Instructions, i => i.Type == OfpInstructionType.Meter));
        Assert.Equal(Frames, await SendAndCountAsync());
    }

    [Fact]
    public async Task Reconnect_MeterAlreadyRight_IsLeftUntouchedWithItsCounters_AndAStrayMeterIsDeleted()
    {
        await SettleAsync();
        var connection = _host.ControlPlane.Connections.Single();
        uint meterId = Assert.Single(await MeterConfigAsync(connection)).MeterId;
        Assert.Equal(2, await SendAndCountAsync());
        var pipeline = _network.Switches.Single().Pipeline;
        var before = pipeline.Meters[meterId];
        ulong meteredBefore = before.PacketInCount;

        // A meter the controller does not want, left on the switch (say by an earlier controller).
        Assert.Null(pipeline.ApplyMeterMod(new MeterMod { Command = MeterModCommand.Add, MeterId = 77, Flags = MeterFlags.Kbps, Bands = [OfpMeterBand.Drop(500)] }));

        var reconnected = await ReconnectAsync(connection);

        Assert.Equal([meterId], (await MeterConfigAsync(reconnected)).Select(m => m.MeterId));
        var after = pipeline.Meters[meterId];
        Assert.Same(before, after);
        Assert.Equal(meteredBefore, after.PacketInCount);
        Assert.Equal((ulong)(Frames - 2), after.BandPacketCounts[0]);

        // The bucket the first burst emptied is still empty (the clock is frozen): a re-created meter would let two through.
        Assert.Equal(0, await SendAndCountAsync());
    }

    [Fact]
    public async Task Reconnect_MeterThatDrifted_IsModifiedBackInPlace()
    {
        await SettleAsync();
        var connection = _host.ControlPlane.Connections.Single();
        uint meterId = Assert.Single(await MeterConfigAsync(connection)).MeterId;
        var pipeline = _network.Switches.Single().Pipeline;
        var before = pipeline.Meters[meterId];
        Assert.Null(pipeline.ApplyMeterMod(new MeterMod { Command = MeterModCommand.Modify, MeterId = meterId, Flags = MeterFlags.Kbps, Bands = [OfpMeterBand.Drop(7000)] }));

        var reconnected = await ReconnectAsync(connection);

        MeterConfigEntry meter = Assert.Single(await MeterConfigAsync(reconnected));
        Assert.Equal(MeterFlags.Kbps | MeterFlags.Burst | MeterFlags.Stats, meter.Flags);
        Assert.Equal((1000u, 20u), (meter.Bands[0].Rate, meter.Bands[0].BurstSize));
        Assert.Same(before, pipeline.Meters[meterId]);
        Assert.Equal(2, await SendAndCountAsync());
    }

    [Theory]
    [InlineData("{\"rateLimitMbps\": 0}", "rateLimitMbps")]
    [InlineData("{\"rateLimitMbps\": 10, \"burstKbits\": -1}", "burstKbits")]
    [InlineData("{\"burstKbits\": 10}", "rateLimitMbps")]
    public async Task RestBadRateLimit_400NamingTheField_AndNothingChanges(string body, string field)
    {
        await SettleAsync();
        var connection = _host.ControlPlane.Connections.Single();

        using var response = await _http.PutAsync("/api/v1/tenants/acme/rate-limit", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await SettleAsync();
        Assert.Equal(1000u, Assert.Single(await MeterConfigAsync(connection)).Bands[0].Rate);
    }

    [Fact]
    public async Task RestRateLimitOfUnknownTenant_404()
    {
        using var response = await _http.PutAsJsonAsync("/api/v1/tenants/nobody/rate-limit", new { rateLimitMbps = 5 });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Drops the switch's session from the controller's side and waits until it is back and settled.</summary>
    private async Task<ISwitchConnection> ReconnectAsync(ISwitchConnection old)
    {
        await _host.Server.FindSession(old.DatapathId)!.CloseAsync("test: reconnect");
        await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.Connections.SingleOrDefault() is { } c && !ReferenceEquals(c, old));
        await SettleAsync();
        return _host.ControlPlane.Connections.Single();
    }

    /// <summary>
    /// Waits until a connecting switch's meters have been read back and its tenant rules sent, then
    /// until the switch has applied everything (a barrier). Each round trip to the switch lets the meter
    /// reply through; the guard only fails a hung test.
    /// </summary>
    private async Task SettleAsync()
    {
        using var guard = new CancellationTokenSource(ControlPlaneWaits.Guard);
        while (true)
        {
            await _host.ControlPlane.QuiesceAsync(guard.Token);
            if (await _host.ControlPlane.InvokeOnLoopAsync(_ => _host.ControlPlane.TenantNetworking.AwaitingMeterReads == 0, guard.Token))
            {
                break;
            }

            await Task.WhenAll(_host.ControlPlane.Connections.Select(c => c.BarrierAsync(guard.Token)));
        }

        await Task.WhenAll(_host.ControlPlane.Connections.Select(c => c.BarrierAsync(guard.Token)));
    }

    private static async Task<List<MeterConfigEntry>> MeterConfigAsync(ISwitchConnection connection) =>
        [.. (await connection.RequestMultipartAsync<MeterConfigReply>(new MeterConfigRequest())).SelectMany(r => r.Entries)];

    /// <summary>The tenant's ingress rules: classification-table rules that tag (push a VLAN).</summary>
    private static async Task<List<FlowStatsEntry>> ClassificationRulesAsync(ISwitchConnection connection)
    {
        var replies = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest());
        return [.. replies.SelectMany(r => r.Entries).Where(e => Control.Tenants.TenantCookies.IsTenantRule(e.Cookie)
            && e.Instructions.Any(i => i.Type == OfpInstructionType.ApplyActions && i.Actions.Any(a => a.Type == OpenFlow.Actions.OfpActionType.PushVlan)))];
    }

    /// <summary>Sends <see cref="Frames"/> frames of <see cref="FrameBytes"/> from h1 to h2; returns how many h2 received.</summary>
    private async Task<int> SendAndCountAsync()
    {
        SimulatedHost h1 = _network.Hosts.Single(h => h.Name == "h1");
        SimulatedHost h2 = _network.Hosts.Single(h => h.Name == "h2");
        int received = 0;
        void Count(SimulatedHost host, ReadOnlySpan<byte> frame)
        {
            if (frame.Length >= 12 && ReadMac(frame[6..]) == H1)
            {
                Interlocked.Increment(ref received);
            }
        }

        h2.FrameReceived += Count;
        try
        {
            var frame = new byte[FrameBytes];
            WriteMac(frame, H2);
            WriteMac(frame.AsSpan(6), H1);
            frame[12] = 0x88;
            frame[13] = 0xb5; // IEEE local experimental EtherType: no host protocol answers it
            for (int i = 0; i < Frames; i++)
            {
                h1.Send(frame);
            }

            await _network.WhenIdleAsync();
        }
        finally
        {
            h2.FrameReceived -= Count;
        }

        return Volatile.Read(ref received);
    }

    private static ulong ReadMac(ReadOnlySpan<byte> b) =>
        ((ulong)b[0] << 40) | ((ulong)b[1] << 32) | ((ulong)b[2] << 24) | ((ulong)b[3] << 16) | ((ulong)b[4] << 8) | b[5];

    private static void WriteMac(Span<byte> b, ulong mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b[i] = (byte)(mac >> (40 - (8 * i)));
        }
    }
}
