using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SdnCtl.IntegrationTests.Cli;

/// <summary>
/// The desired state survives a crash: a real <c>sdnctl run --data DIR</c> gets tenants, segments,
/// members, static flows and keys over REST, is killed with SIGKILL, is started again on the same
/// directory, and answers exactly as before, its (fresh) switches programmed with the same rules.
/// The same for appliances (created, changed and deleted over the API) and service chains.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("sdnctl-restart-");

    [Fact]
    public async Task KillNine_StartAgainOnTheSameData_SameTenantsKeysFlowsAndSwitchTables()
    {
        string[] args = ["run", RepoPaths.Topology("linear-3.yaml"), "--data", _data.FullName];
        string adminKey;
        string tenantKey;
        State before;
        await using (var first = await RunningSdnctl.StartAsync(args))
        {
            using var open = first.Client();

            // The segment's MAC member (h2) gets rules only once h2 is a known host. The hosts announce
            // themselves as the process starts, but their frames can still be on their way: wait for all
            // three, so the tables read below are complete and not missing what a late ARP would add.
            using (var hostsKnown = new CancellationTokenSource(ControlPlaneWaits.Guard))
            {
                while ((await open.GetFromJsonAsync<JsonArray>("/api/v1/hosts", hostsKnown.Token))!.Count < 3)
                {
                    hostsKnown.Token.ThrowIfCancellationRequested();
                }
            }

            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants", new { name = "corp" }));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants/corp/segments", new
            {
                name = "web", vlan = 10, subnet = "10.0.0.0/24", priority = 3,
                members = new object[] { new { port = "s1:1" }, new { mac = "00:00:00:00:00:02" } },
            }));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants/corp/segments", new { name = "db", vlan = 11 }));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants/corp/segments/db/members", new { port = "s3:1" }));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants/corp/segments/db/members", new { subnet = "10.9.0.0/16" }));
            await ExpectAsync(HttpStatusCode.NoContent, open.DeleteAsync("/api/v1/tenants/corp/segments/db/members?subnet=10.9.0.0/16"));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants", new { name = "lab" }));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/tenants", new { name = "gone" }));
            await ExpectAsync(HttpStatusCode.NoContent, open.DeleteAsync("/api/v1/tenants/gone"));
            await ExpectAsync(HttpStatusCode.Created, open.PostAsJsonAsync("/api/v1/switches/s2/flows", new { priority = 700, cookie = "0x71", match = new { eth_type = 2048, ipv4_dst = "10.70.0.0/16" }, actions = new[] { "output:3" } }));
            await ExpectAsync(HttpStatusCode.OK, open.PostAsJsonAsync("/api/v1/flows", new
            {
                flows = new object[]
                {
                    new { dpid = "s1", priority = 701, cookie = "0x72", match = new { eth_dst = "0a:00:00:00:07:01" }, actions = new[] { "output:2" } },
                    new { dpid = "s3", priority = 702, cookie = "0x73", match = new { in_port = 2 }, actions = new[] { "output:1" } },
                },
            }));

            // The first key closes the open API: from here on every call needs one.
            adminKey = await CreateKeyAsync(open, "admin");
            using var admin = first.Client(adminKey);
            tenantKey = await CreateKeyAsync(admin, "tenant:corp");
            before = await ReadStateAsync(admin, first.Client(tenantKey));
            await first.KillAsync();
        }

        Assert.Equal(3, before.Flows.Count(f => f.Contains("cookie\":\"0x5dc4", StringComparison.Ordinal)));
        Assert.Contains(before.Flows, f => f.Contains("cookie\":\"0x5dc5", StringComparison.Ordinal));

        await using var second = await RunningSdnctl.StartAsync(args);
        using var again = second.Client(adminKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Client().GetAsync("/api/v1/tenants")).StatusCode);

        // The switches are new processes' switches: wait (each read is a round trip to them) until reconciliation has programmed them.
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        State after = await ReadStateAsync(again, second.Client(tenantKey));
        while (!after.Flows.SequenceEqual(before.Flows))
        {
            cts.Token.ThrowIfCancellationRequested();
            after = await ReadStateAsync(again, second.Client(tenantKey));
        }

        Assert.Equal(before.Tenants, after.Tenants);
        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(before.TenantView, after.TenantView);
        Assert.Equal(before.Flows, after.Flows);
        Assert.DoesNotContain("\"gone\"", after.Tenants, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillNine_StartAgain_SameAppliancesRulesAndChains_TrafficStillThroughTheAppliance()
    {
        string[] args = ["run", RepoPaths.Topology("chain-ring.yaml"), "--data", _data.FullName];
        ApplianceState before;
        await using (var first = await RunningSdnctl.StartAsync(args))
        {
            using var http = first.Client();
            // A new appliance on the free port s2:1 with a rule; a file appliance changed (fw1), another deleted (fw2).
            await ExpectAsync(HttpStatusCode.Created, http.PostAsJsonAsync("/api/v1/appliances", new
            {
                name = "fw9", kind = "firewall", defaultAction = "allow",
                interfaces = new[] { new { name = "a", mac = "02:00:00:00:0f:09", attachment = "s2:1" } },
            }));
            await ExpectAsync(HttpStatusCode.OK, http.PutAsJsonAsync("/api/v1/appliances/fw9/rules", new[] { new { name = "no-ssh", action = "deny", protocol = "tcp", destinationPorts = "22" } }));
            await ExpectAsync(HttpStatusCode.OK, http.PutAsJsonAsync("/api/v1/appliances/fw1/rules", new[] { new { name = "no-telnet", action = "reject", protocol = "tcp", destinationPorts = "23" } }));
            await ExpectAsync(HttpStatusCode.NoContent, http.DeleteAsync("/api/v1/appliances/fw2"));
            await ExpectAsync(HttpStatusCode.Created, http.PostAsJsonAsync("/api/v1/chains", new { name = "web", classifier = new { src = "h1", dst = "h3", ipProto = 6, dstPort = 80 }, appliances = new[] { "fw9", "fw1" } }));
            await ExpectAsync(HttpStatusCode.Created, http.PostAsJsonAsync("/api/v1/chains", new { name = "gone", classifier = new { src = "h1", dst = "h4" }, appliances = new[] { "fw9" } }));
            await ExpectAsync(HttpStatusCode.NoContent, http.DeleteAsync("/api/v1/chains/gone"));
            before = await ReadAppliancesAsync(http);
            Assert.Equal(["fw9", "fw1"], await ConnectHopsUntilAsync(http, ["fw9", "fw1"]));
            await first.KillAsync();
        }

        Assert.Contains("\"no-ssh\"", before.Rules, StringComparison.Ordinal);
        Assert.Contains("\"installed\"", before.Chains, StringComparison.Ordinal);

        await using var second = await RunningSdnctl.StartAsync(args);
        using var again = second.Client();
        // The chain is compiled once its hosts are known again; wait until it says installed as before.
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        ApplianceState after = await ReadAppliancesAsync(again);
        while (!after.Chains.Contains("\"installed\"", StringComparison.Ordinal))
        {
            cts.Token.ThrowIfCancellationRequested();
            after = await ReadAppliancesAsync(again);
        }

        Assert.Equal(before.Chains, after.Chains);
        Assert.Equal(before.Appliances, after.Appliances);
        Assert.Equal(before.Rules, after.Rules);
        Assert.DoesNotContain("\"fw2\"", after.Appliances, StringComparison.Ordinal);
        Assert.DoesNotContain("\"gone\"", after.Chains, StringComparison.Ordinal);
        Assert.Equal(["fw9", "fw1"], await ConnectHopsUntilAsync(again, ["fw9", "fw1"]));
    }

    public void Dispose() => _data.Delete(recursive: true);

    // Appliances (without their counters), fw9's and fw1's rules (without hit counts), and the chains (with their creation time: a restored chain keeps it).
    private static async Task<ApplianceState> ReadAppliancesAsync(HttpClient http)
    {
        static string Without(JsonNode? node, params string[] names)
        {
            foreach (JsonNode? item in node!.AsArray())
            {
                foreach (string name in names)
                {
                    item!.AsObject().Remove(name);
                }
            }

            return node.ToJsonString();
        }

        return new ApplianceState(
            Without(await http.GetFromJsonAsync<JsonArray>("/api/v1/appliances"), "counters"),
            Without(await http.GetFromJsonAsync<JsonArray>("/api/v1/appliances/fw9/rules"), "hits") + Without(await http.GetFromJsonAsync<JsonArray>("/api/v1/appliances/fw1/rules"), "hits"),
            (await http.GetFromJsonAsync<JsonArray>("/api/v1/chains"))!.ToJsonString());
    }

    // A chain's state says its rules were sent, not that the switches have applied them: try again until
    // the attempt takes the expected appliances (or the guard runs out, and the last answer is compared).
    private static async Task<string[]> ConnectHopsUntilAsync(HttpClient http, string[] expected)
    {
        using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
        string[] hops = await ConnectHopsAsync(http);
        while (!hops.SequenceEqual(expected) && !cts.IsCancellationRequested)
        {
            hops = await ConnectHopsAsync(http);
        }

        return hops;
    }

    // The appliances a TCP connection attempt from h1 to h3:80 passes on its way (h3 listens on nothing: it answers RST).
    private static async Task<string[]> ConnectHopsAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/sim/connect", new { src = "h1", dst = "h3", protocol = "tcp", port = 80 });
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var path = JsonNode.Parse(text)!["path"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
        return [.. path.Where(p => p.StartsWith("fw", StringComparison.Ordinal)).Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]).Distinct()];
    }

    private sealed record ApplianceState(string Appliances, string Rules, string Chains);

    private static async Task ExpectAsync(HttpStatusCode expected, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(expected == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> CreateKeyAsync(HttpClient http, string scope)
    {
        using var created = await http.PostAsJsonAsync("/api/v1/keys", new { name = scope, scope });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    // Tenants and keys as the API returns them; every switch's static (0x5dc4…) and tenant (0x5dc5…)
    // rules without the counters and ages a restart resets; and what the tenant key sees.
    private static async Task<State> ReadStateAsync(HttpClient admin, HttpClient tenant)
    {
        var flows = new List<string>();
        foreach (string sw in new[] { "s1", "s2", "s3" })
        {
            foreach (JsonNode? flow in (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/switches/{sw}/flows"))!)
            {
                string cookie = flow!["cookie"]!.GetValue<string>();
                if (cookie.StartsWith("0x5dc4", StringComparison.Ordinal) || cookie.StartsWith("0x5dc5", StringComparison.Ordinal))
                {
                    var kept = new JsonObject();
                    foreach (var (name, value) in flow.AsObject())
                    {
                        if (name is not ("durationSeconds" or "packets" or "bytes"))
                        {
                            kept[name] = value?.DeepClone();
                        }
                    }

                    flows.Add($"{sw} {kept.ToJsonString()}");
                }
            }
        }

        flows.Sort(StringComparer.Ordinal);
        return new State(
            await admin.GetStringAsync("/api/v1/tenants"),
            await admin.GetStringAsync("/api/v1/keys"),
            await tenant.GetStringAsync("/api/v1/tenants"),
            flows);
    }

    private sealed record State(string Tenants, string Keys, string TenantView, List<string> Flows);
}
