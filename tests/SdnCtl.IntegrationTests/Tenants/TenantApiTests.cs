using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Tenants;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Switch;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.IntegrationTests.Tenants;

/// <summary>A controller running virtualised-dc.yaml in the simulator, with an HTTP client for its API, shared by the tests of a class.</summary>
public sealed class TenantApiFixture() : SimulatedControllerFixture("virtualised-dc.yaml");

/// <summary>The tenant REST API over real HTTP, against a controller running virtualised-dc.yaml in the simulator.</summary>
public sealed class TenantApiTests(TenantApiFixture fixture) : IClassFixture<TenantApiFixture>
{
    private readonly SimulatedNetwork _network = fixture.Network;
    private readonly ControllerHost _host = fixture.Host;
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task GetTenants_ListsTheFilesSegmentsAndMembers()
    {
        JsonElement tenants = await _http.GetFromJsonAsync<JsonElement>("/api/v1/tenants");

        JsonElement corp = tenants.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "corp");
        JsonElement production = corp.GetProperty("segments").EnumerateArray().First();
        Assert.Equal(10, production.GetProperty("vlan").GetInt32());
        Assert.Equal(5, production.GetProperty("priority").GetInt32());
        Assert.Equal("srv-a1:2", production.GetProperty("members")[0].GetProperty("port").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"vlan\":0}", "vlan", "VLAN id 0 is outside 1–4094")]
    [InlineData("{\"name\":\"x\",\"vlan\":4095}", "vlan", "VLAN id 4095")]
    [InlineData("{\"name\":\"x\",\"vxlan\":16777216}", "vxlan", "VNI 16777216")]
    [InlineData("{\"name\":\"x\",\"vlan\":5,\"vxlan\":5}", "vlan", "exactly one of")]
    [InlineData("{\"name\":\"x\",\"vlan\":5,\"priority\":9}", "priority", "priority 9")]
    [InlineData("{\"name\":\"x\",\"vlan\":5,\"subnet\":\"10.1.2.3/24\"}", "subnet", "host bits")]
    [InlineData("{\"name\":\"x\",\"vlan\":5,\"members\":[{\"port\":\"nowhere:1\"}]}", "members[0].port", "not a known switch")]
    [InlineData("{\"name\":\"x\",\"vlan\":5,\"members\":[{\"mac\":\"ff:ff:ff:ff:ff:ff\"}]}", "members[0].mac", "unicast MAC")]
    [InlineData("{\"name\":\"bad name\",\"vlan\":5}", "name", "")]
    public async Task PostSegment_BadValue_Is400NamingTheField_AndChangesNothing(string body, string field, string fragment)
    {
        string before = await _http.GetStringAsync("/api/v1/tenants");

        using var response = await _http.PostAsync("/api/v1/tenants/corp/segments", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out JsonElement messages), problem.ToString());
        Assert.Contains(fragment, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _http.GetStringAsync("/api/v1/tenants"));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"vlan\":10}", "VLAN 10 is already used by segment 'production'")]
    [InlineData("{\"name\":\"x\",\"vlan\":77,\"members\":[{\"port\":\"srv-a1:2\"}]}", "port srv-a1:2 is already the access port of segment 'production'")]
    [InlineData("{\"name\":\"x\",\"vlan\":77,\"subnet\":\"10.10.0.128/25\"}", "overlaps subnet 10.10.0.0/24")]
    [InlineData("{\"name\":\"x\",\"vlan\":77,\"members\":[{\"host\":\"test-1\"}]}", "already belongs to segment 'test'")]
    [InlineData("{\"name\":\"test\",\"vlan\":77}", "already has a segment 'test'")]
    public async Task PostSegment_Conflict_Is409_AndChangesNothing(string body, string fragment)
    {
        string before = await _http.GetStringAsync("/api/v1/tenants");

        using var response = await _http.PostAsync("/api/v1/tenants/corp/segments", Json(body));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(fragment, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await _http.GetStringAsync("/api/v1/tenants"));
    }

    [Fact]
    public async Task PostTenant_Twice_IsCreatedThen409_AndUnknownTenantIs404()
    {
        using var first = await _http.PostAsync("/api/v1/tenants", Json("{\"name\":\"lab\"}"));
        using var second = await _http.PostAsync("/api/v1/tenants", Json("{\"name\":\"lab\"}"));
        using var deleted = await _http.DeleteAsync("/api/v1/tenants/lab");
        using var missing = await _http.PostAsync("/api/v1/tenants/nobody/segments", Json("{\"name\":\"x\",\"vlan\":99}"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task AddAndRemoveSegment_AtRunTime_ChangesOnlyThatSegmentsRules_AndItsHostsConnect()
    {
        await SettleAsync();
        var infra = await _network.PingAsync("infra-1", "infra-2", TimeSpan.FromSeconds(10));
        Assert.Equal(PingStatus.Replied, infra.Status);
        var before = TenantRulesBySwitch();
        Assert.NotEmpty(before);

        using (var created = await _http.PostAsync("/api/v1/tenants", Json("{\"name\":\"ops\"}")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var segment = await _http.PostAsync(
            "/api/v1/tenants/ops/segments",
            Json("{\"name\":\"infra\",\"vlan\":99,\"priority\":3,\"members\":[{\"host\":\"infra-1\"},{\"port\":\"srv-b2:4\"}]}")))
        {
            Assert.Equal(HttpStatusCode.Created, segment.StatusCode);
        }

        await SettleAsync();
        var during = TenantRulesBySwitch();
        ulong opsCookie = TenantCookies.Segment((await _host.ControlPlane.InvokeOnLoopAsync(c => _host.ControlPlane.TenantNetworking.NumberOf("ops", "infra")))!.Value);

        // Every rule that existed is still there, unchanged; the new ones all carry the new segment's cookie.
        foreach (var (sw, rules) in before)
        {
            Assert.Subset(during[sw].ToHashSet(), rules.ToHashSet());
        }

        var added = during.SelectMany(kv => kv.Value.Except(before.GetValueOrDefault(kv.Key) ?? []).Select(r => (kv.Key, r))).ToList();
        Assert.NotEmpty(added);
        Assert.All(added, a => Assert.StartsWith($"cookie={opsCookie:x} ", a.r, StringComparison.Ordinal));

        // Now in one segment, the two infra hosts still reach each other, and nobody else.
        Assert.Equal(PingStatus.Replied, (await _network.PingAsync("infra-1", "infra-2", TimeSpan.FromSeconds(10))).Status);
        Assert.NotEqual(PingStatus.Replied, (await _network.PingAsync("infra-1", "admin-2", TimeSpan.FromSeconds(2))).Status);

        using (var deleted = await _http.DeleteAsync("/api/v1/tenants/ops/segments/infra"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await SettleAsync();
        var after = TenantRulesBySwitch();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (sw, rules) in before)
        {
            Assert.Equal(rules.Order(StringComparer.Ordinal), after[sw].Order(StringComparer.Ordinal));
        }

        using var tenantDeleted = await _http.DeleteAsync("/api/v1/tenants/ops");
        Assert.Equal(HttpStatusCode.NoContent, tenantDeleted.StatusCode);
    }

    [Fact]
    public async Task AddAndRemoveVxlanSegment_AtRunTime_ChangesOnlyThatSegmentsRules_AndItsHostsConnectAcrossSites()
    {
        await SettleAsync();
        var before = TenantRulesBySwitch();
        Assert.NotEmpty(before);

        using (var created = await _http.PostAsync("/api/v1/tenants", Json("{\"name\":\"overlay\"}")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // infra-1 is on srv-a3 (site a), infra-2 on srv-b2 (site b): both servers are VTEPs.
        using (var segment = await _http.PostAsync(
            "/api/v1/tenants/overlay/segments",
            Json("{\"name\":\"infra\",\"vxlan\":7001,\"members\":[{\"host\":\"infra-1\"},{\"port\":\"srv-b2:4\"}]}")))
        {
            Assert.Equal(HttpStatusCode.Created, segment.StatusCode);
        }

        await SettleAsync();
        var during = TenantRulesBySwitch();
        ulong cookie = TenantCookies.Segment((await _host.ControlPlane.InvokeOnLoopAsync(c => _host.ControlPlane.TenantNetworking.NumberOf("overlay", "infra")))!.Value);
        foreach (var (sw, rules) in before)
        {
            Assert.Subset(during[sw].ToHashSet(), rules.ToHashSet());
        }

        var added = during.SelectMany(kv => kv.Value.Except(before.GetValueOrDefault(kv.Key) ?? []).Select(r => (kv.Key, r))).ToList();
        Assert.All(added, a => Assert.StartsWith($"cookie={cookie:x} ", a.r, StringComparison.Ordinal));

        // Only the two member VTEPs get rules, and they tunnel to each other with the VNI.
        Assert.Equal(["16", "d"], added.Select(a => a.Key).Distinct().Order(StringComparer.Ordinal)); // srv-b2 (22) and srv-a3 (13)

        Assert.Equal(PingStatus.Replied, (await _network.PingAsync("infra-1", "infra-2", TimeSpan.FromSeconds(10))).Status);
        Assert.NotEqual(PingStatus.Replied, (await _network.PingAsync("infra-1", "web-3", TimeSpan.FromSeconds(2))).Status);
        TopologyDocument document = _network.Topology;
        VxlanTunnel toB2 = VxlanTunnels.Of(document, document.FindSwitch("srv-a3")!).Single(t => t.Remote.Name == "srv-b2");
        Assert.True(_network.Switches.Single(s => s.DatapathId == 13).Pipeline.Ports[toB2.Port].TxPackets > 0, "nothing left srv-a3 through its tunnel port to srv-b2");

        using (var deleted = await _http.DeleteAsync("/api/v1/tenants/overlay/segments/infra"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await SettleAsync();
        var after = TenantRulesBySwitch();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (sw, rules) in before)
        {
            Assert.Equal(rules.Order(StringComparer.Ordinal), after[sw].Order(StringComparer.Ordinal));
        }

        using var tenantDeleted = await _http.DeleteAsync("/api/v1/tenants/overlay");
        Assert.Equal(HttpStatusCode.NoContent, tenantDeleted.StatusCode);
    }

    [Fact]
    public async Task Captures_StartDownloadStop_OverRest_GivesAPcapWiresharkCanRead()
    {
        await SettleAsync();
        using (var bad = await _http.PostAsync("/api/v1/sim/captures", Json("{\"port\":\"srv-a1:9\"}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var started = await _http.PostAsync("/api/v1/sim/captures", Json("{\"port\":\"srv-a1:1\"}"));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        int id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(PingStatus.Replied, (await _network.PingAsync("prod-1", "prod-2", TimeSpan.FromSeconds(10))).Status);

        using var download = await _http.GetAsync($"/api/v1/sim/captures/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/vnd.tcpdump.pcap", download.Content.Headers.ContentType?.MediaType);
        byte[] pcap = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(0xa1b2c3d4u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(pcap));
        bool sawVlan10 = false;
        for (int at = 24; at < pcap.Length;)
        {
            int length = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 8));
            var frame = PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Ethernet, pcap.AsSpan(at + 16, length).ToArray());
            sawVlan10 |= frame.Extract<PacketDotNet.Ieee8021QPacket>() is { VlanIdentifier: 10 };
            at += 16 + length;
        }

        Assert.True(sawVlan10, "the trunk capture holds production's VLAN 10 frames");
        using var stopped = await _http.DeleteAsync($"/api/v1/sim/captures/{id}");
        Assert.Equal(HttpStatusCode.NoContent, stopped.StatusCode);
        JsonElement list = await _http.GetFromJsonAsync<JsonElement>("/api/v1/sim/captures");
        Assert.False(list.EnumerateArray().Single(c => c.GetProperty("id").GetInt32() == id).GetProperty("running").GetBoolean());
        using var missing = await _http.GetAsync("/api/v1/sim/captures/999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task SettleAsync()
    {
        await _host.ControlPlane.QuiesceAsync();
        await Task.WhenAll(_host.ControlPlane.Connections.Select(c => c.BarrierAsync()));
    }

    /// <summary>The tenant rules as the simulated switches hold them (read on each switch's executor), as text per switch.</summary>
    private Dictionary<string, List<string>> TenantRulesBySwitch()
    {
        var result = new Dictionary<string, List<string>>();
        foreach (SimulatedSwitch sw in _network.Switches)
        {
            var done = new TaskCompletionSource<List<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            sw.Post(() => done.SetResult([.. sw.Pipeline.Tables.SelectMany(t => t.Entries)
                .Where(e => TenantCookies.IsTenantRule(e.Cookie))
                .Select(e => $"cookie={e.Cookie:x} table={e.TableId} priority={e.Priority} match={e.Match} {string.Join(",", e.Instructions)}")]));
            List<string> rules = done.Task.WaitAsync(ControlPlaneWaits.Guard).GetAwaiter().GetResult();
            if (rules.Count > 0)
            {
                result[sw.DatapathId.ToString("x", System.Globalization.CultureInfo.InvariantCulture)] = rules;
            }
        }

        return result;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
