using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Endpoints;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Intents;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Packets;
using Xunit.Abstractions;

namespace SdnCtl.IntegrationTests.Intents;

/// <summary>leaf-spine: leaf1..leaf4 each cabled to spine1 and spine2, hosts h1,h2 on leaf1, h3,h4 on leaf2, h5,h6 on leaf3, h7,h8 on leaf4.</summary>
public sealed class IntentFixture() : SimulatedControllerFixture("leaf-spine.yaml");

public sealed class IntentTests(IntentFixture fixture, ITestOutputHelper output) : IClassFixture<IntentFixture>
{
    private readonly HttpClient _http = fixture.Http;
    private readonly SimulatedNetwork _network = fixture.Network;

    [Fact]
    public async Task HostToHost_PingFollowsTheReportedPath_CutLinkReroutesAndPingStillWorks()
    {
        IntentDto intent = await CreateAsync(new { type = "host-to-host", src = "h1", dst = "h3" });
        string spine = SwitchOf(intent.Paths[0].Hops[2]);
        try
        {
            Assert.Equal("installed", intent.State);
            Assert.Equal(2, intent.Paths.Count);
            Assert.Equal(["leaf1", spine, "leaf2"], intent.Paths[0].Hops.Select(SwitchOf).Distinct());

            PingResult ping = await _network.PingAsync("h1", "h3", TimeSpan.FromSeconds(10));
            Assert.Equal(PingStatus.Replied, ping.Status);
            Assert.Equal(PingHops(intent.Paths[0].Hops), ping.Path);
            Assert.Equal(PingHops(intent.Paths[1].Hops), ping.ReplyPath);
            await AssertCarriedByIntentRulesAsync("h1", "h3");

            await _network.SetLinkStateAsync("leaf1", spine, up: false);
            IntentDto rerouted = await WaitForAsync(intent.Id, i => i.State == "rerouted");

            string other = SwitchOf(rerouted.Paths[0].Hops[2]);
            Assert.NotEqual(spine, other);
            Assert.Contains("moved", rerouted.Reason, StringComparison.Ordinal);
            Assert.Equal(["requested", "installed", "rerouted"], rerouted.History.Select(h => h.State));
            PingResult after = await _network.PingAsync("h1", "h3", TimeSpan.FromSeconds(10));
            Assert.Equal(PingStatus.Replied, after.Status);
            Assert.Equal(PingHops(rerouted.Paths[0].Hops), after.Path);
        }
        finally
        {
            await _network.SetLinkStateAsync("leaf1", spine, up: true);
            await ControlPlaneWaits.UntilDeclaredAsync(fixture.Host.ControlPlane);
            await DeleteAsync(intent.Id);
        }
    }

    [Fact]
    public async Task Protected_PrimaryCut_FastFailoverMovesTrafficBeforeTheControllerReacts_ThenFailedAndInstalledAgain()
    {
        IntentDto intent = await CreateAsync(new { type = "host-to-host", src = "h2", dst = "h5", @protected = true });
        string primary = SwitchOf(intent.Paths[0].Hops[2]);
        string backup = SwitchOf(intent.Paths[0].Backup![2]);
        try
        {
            Assert.True(intent.BackupInstalled);
            Assert.NotEqual(primary, backup);
            Assert.Equal(["leaf1"], intent.Paths[0].FailoverSwitches);
            Assert.Equal(PingStatus.Replied, (await _network.PingAsync("h2", "h5", TimeSpan.FromSeconds(10))).Status);

            // Hold the control loop so that only the data plane can react to the cut.
            using var entered = new ManualResetEventSlim();
            var release = new TaskCompletionSource();
            Task<int> held = fixture.Host.ControlPlane.InvokeAsync(_ =>
            {
                entered.Set();
                release.Task.Wait(ControlPlaneWaits.Guard);
                return 0;
            });
            Assert.True(entered.Wait(ControlPlaneWaits.Guard));
            NetworkTrace trace;
            try
            {
                await _network.SetLinkStateAsync("leaf1", primary, up: false);
                trace = await TraceAsync("h2", "h5");
                Assert.Equal(IntentState.Installed, fixture.Host.ControlPlane.Intents.Find(intent.Id)!.State);
            }
            finally
            {
                release.SetResult();
                await held;
            }

            output.WriteLine(trace.ToString());
            Assert.Equal(["h5"], trace.ReachedHosts);
            NetworkTraceHop ingress = trace.Hops[0];
            Assert.Equal("leaf1", ingress.Switch);
            Assert.Contains(ingress.Steps, s => s.Kind == "action" && s.Description.Contains("bucket 1", StringComparison.Ordinal));
            Assert.Contains(trace.Hops, h => h.Switch == backup);
            Assert.DoesNotContain(trace.Hops, h => h.Switch == primary);

            // The controller catches up: no second spine is left for a backup.
            IntentDto rerouted = await WaitForAsync(intent.Id, i => i.State == "rerouted");
            Assert.False(rerouted.BackupInstalled);
            Assert.Contains("unprotected", rerouted.Reason, StringComparison.Ordinal);
            Assert.Equal(PingStatus.Replied, (await _network.PingAsync("h2", "h5", TimeSpan.FromSeconds(10))).Status);

            // Cut every path: failed, saying why, and nothing of it left on the switches.
            await _network.SetLinkStateAsync("leaf1", backup, up: false);
            IntentDto failed = await WaitForAsync(intent.Id, i => i.State == "failed");
            Assert.Equal("reachability", failed.FailedConstraint);
            Assert.False(string.IsNullOrEmpty(failed.Reason));
            Assert.Empty(failed.Paths);

            // A link back: installed again, unprotected; both back: protected again.
            await _network.SetLinkStateAsync("leaf1", primary, up: true);
            IntentDto again = await WaitForAsync(intent.Id, i => i.State == "installed");
            Assert.Equal(PingStatus.Replied, (await _network.PingAsync("h2", "h5", TimeSpan.FromSeconds(10))).Status);
            Assert.Equal(PingHops(again.Paths[0].Hops), (await _network.PingAsync("h2", "h5", TimeSpan.FromSeconds(10))).Path);

            await _network.SetLinkStateAsync("leaf1", backup, up: true);
            IntentDto whole = await WaitForAsync(intent.Id, i => i.BackupInstalled);
            Assert.Equal(["leaf1"], whole.Paths[0].FailoverSwitches);
        }
        finally
        {
            await _network.SetLinkStateAsync("leaf1", primary, up: true);
            await _network.SetLinkStateAsync("leaf1", backup, up: true);
            await ControlPlaneWaits.UntilDeclaredAsync(fixture.Host.ControlPlane);
            await DeleteAsync(intent.Id);
        }
    }

    [Fact]
    public async Task Delete_RemovesTheRules_TrafficFallsBackToReactiveForwarding()
    {
        IntentDto intent = await CreateAsync(new { type = "host-to-host", src = "h4", dst = "h6", @protected = true });
        await AssertCarriedByIntentRulesAsync("h4", "h6");

        await DeleteAsync(intent.Id);

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/intents/{intent.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync($"/api/v1/intents/{intent.Id}")).StatusCode);
        NetworkTrace trace = await TraceAsync("h4", "h6");
        Assert.DoesNotContain(trace.Hops.SelectMany(h => h.Steps), s => (s.Cookie & 0xffff_0000_0000_0000) == IntentCookies.Application);
        Assert.DoesNotContain(trace.Hops.SelectMany(h => h.Steps), s => s.Kind == "group");
    }

    [Fact]
    public async Task FailedReservation_GrantedAgainWhenItsLinkReturns()
    {
        var created = await _http.PostAsJsonAsync("/api/v1/reservations", new { src = "leaf4", dst = "leaf1", bandwidthMbps = 10 });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var reservation = (await created.Content.ReadFromJsonAsync<ReservationDto>())!;
        try
        {
            await _network.SetLinkStateAsync("leaf4", "spine1", up: false);
            await _network.SetLinkStateAsync("leaf4", "spine2", up: false);
            ReservationDto failed = await WaitForReservationAsync(reservation.Id, "failed");
            Assert.False(string.IsNullOrEmpty(failed.Detail));

            await _network.SetLinkStateAsync("leaf4", "spine2", up: true);
            ReservationDto back = await WaitForReservationAsync(reservation.Id, "active");
            Assert.Contains(back.Path.Hops, h => h.StartsWith("spine2:", StringComparison.Ordinal));
            Assert.Null(back.Detail);
        }
        finally
        {
            await _network.SetLinkStateAsync("leaf4", "spine1", up: true);
            await _network.SetLinkStateAsync("leaf4", "spine2", up: true);
            await ControlPlaneWaits.UntilDeclaredAsync(fixture.Host.ControlPlane);
            await _http.DeleteAsync($"/api/v1/reservations/{reservation.Id}");
        }
    }

    [Fact]
    public async Task Constraints_MinBandwidthHeldAsReservation_UnmeetableHopLimitFailsNamingIt()
    {
        IntentDto bandwidth = await CreateAsync(new { type = "host-to-host", src = "h1", dst = "h7", constraints = new { minBandwidthMbps = 100, avoid = new[] { "spine1" } } });
        IntentDto hops = await CreateAsync(new { type = "point-to-point", src = HostPort("h1"), dst = HostPort("h5"), constraints = new { maxHops = 1 } });
        try
        {
            Assert.Equal("installed", bandwidth.State);
            Assert.All(bandwidth.Paths, p => Assert.DoesNotContain(p.Hops, h => h.StartsWith("spine1:", StringComparison.Ordinal)));
            long reservationId = bandwidth.Paths[0].ReservationId!.Value;
            Assert.Equal(100, (await GetReservationAsync(reservationId)).BandwidthMbps);

            Assert.Equal("failed", hops.State);
            Assert.Equal("maxHops", hops.FailedConstraint);
            Assert.StartsWith("maxHops:", hops.Reason, StringComparison.Ordinal);

            await DeleteAsync(bandwidth.Id);
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/v1/reservations/{reservationId}")).StatusCode);
        }
        finally
        {
            await _http.DeleteAsync($"/api/v1/intents/{bandwidth.Id}");
            await DeleteAsync(hops.Id);
        }
    }

    [Theory]
    [InlineData("""{"src":"h1","dst":"h3"}""", "type")]
    [InlineData("""{"type":"host-to-ho","src":"h1","dst":"h3"}""", "type")]
    [InlineData("""{"type":"host-to-host","dst":"h3"}""", "src")]
    [InlineData("""{"type":"host-to-host","src":"h3","dst":"h3"}""", "dst")]
    [InlineData("""{"type":"point-to-point","src":"leaf1","dst":"leaf2:1"}""", "src")]
    [InlineData("""{"type":"point-to-point","src":"leaf1:1","dst":"leaf2:0"}""", "dst")]
    [InlineData("""{"type":"point-to-point","src":"leaf1:1","dst":"leaf2:1","match":{"dstPort":80}}""", "match.dstPort")]
    [InlineData("""{"type":"point-to-point","src":"leaf1:1","dst":"leaf2:1","match":{"ipProto":300}}""", "match.ipProto")]
    [InlineData("""{"type":"point-to-point","src":"leaf1:1","dst":"leaf2:1","match":{"ipv4Dst":"10.0.0.1/33"}}""", "match.ipv4Dst")]
    [InlineData("""{"type":"host-to-host","src":"h1","dst":"h3","match":{"ipProto":6}}""", "match")]
    [InlineData("""{"type":"host-to-host","src":"h1","dst":"h3","constraints":{"maxHops":-1}}""", "constraints.maxHops")]
    [InlineData("""{"type":"host-to-host","src":"h1","dst":"h3","constraints":{"minBandwidthMbps":0}}""", "constraints.minBandwidthMbps")]
    [InlineData("""{"type":"host-to-host","src":"h1","dst":"h3","constraints":{"avoid":[""]}}""", "constraints.avoid[0]")]
    [InlineData("""{"type":"host-to-host","src":"h1","dst":"h3","colour":"red"}""", "$.colour")]
    [InlineData("""{"type":"host-to-host","src":"h1","dst":"h3","protected":"yes"}""", "$.protected")]
    public async Task Post_BadInput_400NamingTheField_NothingAdded(string body, string field)
    {
        int before = fixture.Host.ControlPlane.Intents.Intents.Count;

        var response = await _http.PostAsync("/api/v1/intents", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        bool named = (problem.RootElement.TryGetProperty("errors", out JsonElement errors) && errors.TryGetProperty(field, out _)) ||
            (problem.RootElement.TryGetProperty("field", out JsonElement f) && f.GetString() == field);
        Assert.True(named, $"the problem does not name {field}: {problem.RootElement}");
        Assert.Equal(before, fixture.Host.ControlPlane.Intents.Intents.Count);
    }

    [Fact]
    public async Task Post_SameTrafficTwice_409_ListAndTenantFilter()
    {
        IntentDto intent = await CreateAsync(new { type = "host-to-host", src = "h3", dst = "h8", tenant = "shop" });
        try
        {
            var again = await _http.PostAsJsonAsync("/api/v1/intents", new { type = "host-to-host", src = "h8", dst = "h3" });
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

            var all = await _http.GetFromJsonAsync<IntentDto[]>("/api/v1/intents");
            var shop = await _http.GetFromJsonAsync<IntentDto[]>("/api/v1/intents?tenant=shop");
            var other = await _http.GetFromJsonAsync<IntentDto[]>("/api/v1/intents?tenant=other");
            Assert.Contains(all!, i => i.Id == intent.Id);
            Assert.Equal("shop", Assert.Single(shop!).Tenant);
            Assert.DoesNotContain(other!, i => i.Id == intent.Id);
        }
        finally
        {
            await DeleteAsync(intent.Id);
        }
    }

    [Fact]
    public async Task Events_IntentStateChangesStreamedAsTypeIntentWithTenant()
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        using var response = await _http.GetAsync("/api/v1/events?type=intent", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal(": subscribed", await reader.ReadLineAsync(cts.Token));

        IntentDto intent = await CreateAsync(new { type = "host-to-host", src = "h6", dst = "h7", tenant = "blue" });
        await DeleteAsync(intent.Id);

        var states = new List<string>();
        while (states.Count < 3)
        {
            var (name, data) = await EventStreams.ReadEventAsync(reader, cts.Token);
            Assert.Equal("intent", name);
            JsonElement payload = data.GetProperty("data");
            Assert.Equal(intent.Id, payload.GetProperty("id").GetInt64());
            Assert.Equal("blue", payload.GetProperty("tenant").GetString());
            states.Add(payload.GetProperty("state").GetString()!);
        }

        Assert.Equal(["requested", "installed", "removed"], states);
    }

    [Fact]
    public async Task Bench_RerouteOfManyIntentsAfterOneLinkFailure_Reported()
    {
        const int n = 300;
        var ids = new List<long>(n);
        string? spine = null;
        try
        {
            for (int i = 0; i < n; i++)
            {
                IntentDto created = await CreateAsync(new { type = "point-to-point", src = HostPort("h3"), dst = HostPort("h7"), match = new { ipProto = 6, dstPort = 1000 + i } });
                Assert.Equal("installed", created.State);
                spine ??= SwitchOf(created.Paths[0].Hops[2]);
                Assert.Equal(spine, SwitchOf(created.Paths[0].Hops[2]));
                ids.Add(created.Id);
            }

            long flowModsBefore = fixture.Host.ControlPlane.Stats.FlowModsSent;
            var stopwatch = Stopwatch.StartNew();
            await _network.SetLinkStateAsync("leaf2", spine!, up: false);
            await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () => ids.All(id => fixture.Host.ControlPlane.Intents.Find(id)!.State == IntentState.Rerouted));
            stopwatch.Stop();
            long flowMods = fixture.Host.ControlPlane.Stats.FlowModsSent - flowModsBefore;
            output.WriteLine($"{n} intents recompiled and reinstalled on the other spine {stopwatch.Elapsed.TotalMilliseconds:0.0} ms after the cut " +
                $"(cut → PORT_STATUS → control loop → flow-mods queued → last state published), {flowMods} flow-mods");
            Assert.All(ids, id => Assert.NotEqual(spine, SwitchOf(IntentEndpoints.ToDto(fixture.Host.ControlPlane.Intents.Find(id)!, fixture.Host.ControlPlane.Topology).Paths[0].Hops[2])));
        }
        finally
        {
            if (spine is not null)
            {
                await _network.SetLinkStateAsync("leaf2", spine, up: true);
                await ControlPlaneWaits.UntilDeclaredAsync(fixture.Host.ControlPlane);
            }

            foreach (long id in ids)
            {
                await _http.DeleteAsync($"/api/v1/intents/{id}");
            }
        }
    }

    private string HostPort(string host) => fixture.Host.ControlPlane.Declared!.Hosts.Single(h => h.Name == host).Attachment.ToString();

    private async Task<IntentDto> CreateAsync(object body)
    {
        var response = await _http.PostAsJsonAsync("/api/v1/intents", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.Location);
        return (await response.Content.ReadFromJsonAsync<IntentDto>())!;
    }

    private async Task DeleteAsync(long id) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/intents/{id}")).StatusCode);

    private async Task<IntentDto> WaitForAsync(long id, Func<IntentDto, bool> condition)
    {
        IntentDto? last = null;
        await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () =>
        {
            IntentInfo? info = fixture.Host.ControlPlane.Intents.Find(id);
            last = info is null ? null : IntentEndpoints.ToDto(info, fixture.Host.ControlPlane.Topology);
            return last is not null && condition(last);
        });
        Assert.True(last is not null && condition(last), $"intent {id} never got there: {JsonSerializer.Serialize(last)}");
        return (await _http.GetFromJsonAsync<IntentDto>($"/api/v1/intents/{id}"))!;
    }

    private async Task<ReservationDto> GetReservationAsync(long id) => (await _http.GetFromJsonAsync<ReservationDto>($"/api/v1/reservations/{id}"))!;

    private async Task<ReservationDto> WaitForReservationAsync(long id, string status)
    {
        await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () =>
            fixture.Host.GetRequiredService<IPathComputation>().Reservations.FirstOrDefault(r => r.Id == id) is { } r && r.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase));
        ReservationDto dto = await GetReservationAsync(id);
        Assert.Equal(status, dto.Status);
        return dto;
    }

    /// <summary>Every switch an ICMP echo crosses forwards it by an intent rule.</summary>
    private async Task AssertCarriedByIntentRulesAsync(string from, string to)
    {
        NetworkTrace trace = await TraceAsync(from, to);
        Assert.Equal([to], trace.ReachedHosts);
        Assert.All(trace.Hops, h => Assert.Contains(h.Steps, s => (s.Cookie & 0xffff_0000_0000_0000) == IntentCookies.Application));
    }

    private Task<NetworkTrace> TraceAsync(string from, string to)
    {
        var a = _network.Hosts.Single(h => h.Name == from);
        var b = _network.Hosts.Single(h => h.Name == to);
        byte[] frame = FrameBuilder.IcmpEcho(new L2Header(a.Mac, b.Mac), a.Ipv4Address, b.Ipv4Address, reply: false, id: 7, sequence: 1);
        return _network.TraceAsync(from, 0, frame);
    }

    /// <summary>The ping's <c>switch:in-&gt;out</c> hops of a path reported as ports (ingress, link ends…, egress).</summary>
    private static string[] PingHops(IReadOnlyList<string> ports) =>
        [.. Enumerable.Range(0, ports.Count / 2).Select(i => $"{SwitchOf(ports[2 * i])}:{PortOf(ports[2 * i])}->{PortOf(ports[(2 * i) + 1])}")];

    private static string SwitchOf(string port) => port[..port.LastIndexOf(':')];

    private static string PortOf(string port) => port[(port.LastIndexOf(':') + 1)..];
}
