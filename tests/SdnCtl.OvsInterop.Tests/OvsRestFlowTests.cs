using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// The northbound flows API against Open vSwitch: what is posted is what <c>ovs-ofctl dump-flows</c>
/// shows (the static cookie space 0x5dc4 in the top 16 bits), DELETE removes it, and a flow OVS refuses
/// comes back as 422 problem+json carrying OVS's error and the refused request, with nothing left behind.
/// </summary>
[Collection(OvsCollection.Name)]
public sealed class OvsRestFlowTests(OvsFixture ovs)
{
    // REST cookies are 48 bits; on the wire they carry the static flows' 0x5dc4 above them.
    private const ulong WireCookies = 0x5dc4_0a57_0000_0000;
    private const ulong CookieMask = 0xffff_ffff_0000_0000;
    private static readonly string[] Bridges = ["oa", "ob", "oc"];

    [SkippableFact]
    public async Task PostFlow_ActionsAndInstructions_DumpFlowsShowsThemAsSentAndDeleteRemovesThem()
    {
        ovs.SkipIfUnavailable();
        try
        {
            await PostCreatedAsync("oa", new
            {
                priority = 1301,
                cookie = "0x0a5700000001",
                match = new Dictionary<string, object> { ["in_port"] = 1, ["eth_type"] = 2048, ["ipv4_dst"] = "10.9.8.0/24" },
                actions = new[] { "push_vlan:0x8100", "set_field:321->vlan_vid", "output:2" },
            });
            await PostCreatedAsync("oa", new
            {
                table = 0,
                priority = 1302,
                cookie = "0x0a5700000002",
                idleTimeout = 600,
                match = new Dictionary<string, object> { ["eth_type"] = 2048, ["ip_proto"] = 6, ["tcp_dst"] = 8080, ["eth_src"] = "02:00:00:00:00:07" },
                instructions = new object[]
                {
                    new { type = "apply_actions", actions = new[] { "dec_ttl", "set_field:02:00:00:00:00:08->eth_dst" } },
                    new { type = "write_metadata", metadata = "0xab/0xff" },
                    new { type = "goto_table", table = 3 },
                },
            });

            // Written by hand from ovs-ofctl's syntax: the cookie as it went on the wire, OVS's own match order.
            Assert.Equal(
                [
                    "cookie=0x5dc40a5700000001, priority=1301,ip,in_port=1,nw_dst=10.9.8.0/24 actions=push_vlan:0x8100,set_field:4417->vlan_vid,output:2",
                    "cookie=0x5dc40a5700000002, idle_timeout=600, send_flow_rem priority=1302,tcp,dl_src=02:00:00:00:00:07,tp_dst=8080 actions=dec_ttl,set_field:02:00:00:00:00:08->eth_dst,write_metadata:0xab/0xff,goto_table:3",
                ],
                (await OvsFixture.DumpFlowsAsync("oa", WireCookies, CookieMask)).Order(StringComparer.Ordinal));

            // GET reads them back from OVS in the form they were posted in.
            var read = await ovs.Http.GetFromJsonAsync<JsonElement>("api/v1/switches/oa/flows");
            var first = Assert.Single(read.EnumerateArray(), f => f.GetProperty("priority").GetInt32() == 1301);
            Assert.Equal("10.9.8.0/24", first.GetProperty("match").GetProperty("ipv4_dst").GetString());

            await DeleteNoContentAsync("oa");
            Assert.Empty(await OvsFixture.DumpFlowsAsync("oa", WireCookies, CookieMask));
            // Only the static flows went: the controller's own table-miss rule is still there.
            Assert.Contains("cookie=0x5dc2000000000000, priority=0 actions=CONTROLLER:65535", await OvsFixture.DumpFlowsAsync("oa"));
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    [SkippableFact]
    public async Task PostBatch_AcrossTheThreeBridges_EachBridgeShowsItsFlowsAndDeleteRemovesThem()
    {
        ovs.SkipIfUnavailable();
        try
        {
            var flows = Bridges.SelectMany((sw, b) => Enumerable.Range(0, 3).Select(i => new
            {
                dpid = sw,
                priority = 1400 + i,
                cookie = $"0x0a57000001{b}{i}",
                match = new Dictionary<string, object> { ["eth_dst"] = $"0a:57:00:00:0{b}:0{i}", ["vlan_vid"] = 200 + i },
                actions = new[] { "pop_vlan", "output:1" },
            })).ToArray();

            using var response = await ovs.Http.PostAsJsonAsync("api/v1/flows", new { flows });
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
            using (var json = JsonDocument.Parse(body))
            {
                Assert.Equal(9, json.RootElement.GetProperty("installed").GetInt32());
                Assert.Equal(3, json.RootElement.GetProperty("switches").GetInt32());
            }

            for (int b = 0; b < Bridges.Length; b++)
            {
                Assert.Equal(
                    Enumerable.Range(0, 3).Select(i => $"cookie=0x5dc40a57000001{b}{i}, priority={1400 + i},dl_vlan={200 + i},dl_dst=0a:57:00:00:0{b}:0{i} actions=pop_vlan,output:1"),
                    (await OvsFixture.DumpFlowsAsync(Bridges[b], WireCookies, CookieMask)).Order(StringComparer.Ordinal));
            }

            foreach (string sw in Bridges)
            {
                await DeleteNoContentAsync(sw);
                Assert.Empty(await OvsFixture.DumpFlowsAsync(sw, WireCookies, CookieMask));
            }
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    /// <summary>
    /// What OVS really refuses of a flow the API cannot check alone: an output to a group, or a meter, the
    /// switch does not have (OVS 3.1 names a missing meter OFPMMFC_INVALID_METER, not UNKNOWN_METER).
    /// </summary>
    [SkippableTheory]
    [InlineData("{\"type\":\"apply_actions\",\"actions\":[\"group:4242\"]}", "BadAction", "BadOutGroup", "4242")]
    [InlineData("{\"type\":\"meter\",\"meter\":4244}", "MeterModFailed", "InvalidMeter", "4244")]
    public async Task PostFlow_OvsRefusesAMissingGroupOrMeter_Is422WithOvsErrorAndTheRequest(string instruction, string type, string code, string named)
    {
        ovs.SkipIfUnavailable();
        try
        {
            using var response = await ovs.Http.PostAsJsonAsync("api/v1/switches/ob/flows", new
            {
                priority = 1500,
                cookie = "0x0a5700000201",
                match = new { eth_type = 2054 },
                instructions = new[] { JsonDocument.Parse(instruction).RootElement },
            });

            var error = await RefusedAsync(response);
            Assert.Equal("0000000000000a02", error.GetProperty("dpid").GetString());
            Assert.Equal(type, error.GetProperty("type").GetString());
            Assert.Equal(code, error.GetProperty("code").GetString());
            string request = error.GetProperty("request").GetString()!;
            Assert.Contains("FLOW_MOD", request, StringComparison.Ordinal);
            Assert.Contains("cookie=0x5dc40a5700000201", request, StringComparison.Ordinal);
            Assert.Contains(named, request, StringComparison.Ordinal);
            Assert.Empty(await OvsFixture.DumpFlowsAsync("ob", WireCookies, CookieMask));
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    [SkippableFact]
    public async Task PostBatch_OvsRefusesOneFlow_Is422NamingItAndNothingOfTheBatchStaysOnAnyBridge()
    {
        ovs.SkipIfUnavailable();
        try
        {
            object[] flows =
            [
                new { dpid = "oa", cookie = "0x0a5700000301", priority = 1600, match = new { eth_dst = "0a:57:00:00:03:01" }, actions = new[] { "output:2" } },
                new { dpid = "ob", cookie = "0x0a5700000302", priority = 1600, match = new { eth_dst = "0a:57:00:00:03:02" }, actions = new[] { "output:3" } },
                new { dpid = "oc", cookie = "0x0a5700000303", priority = 1600, match = new { eth_dst = "0a:57:00:00:03:03" }, actions = new[] { "group:4243" } },
                new { dpid = "oc", cookie = "0x0a5700000304", priority = 1600, match = new { eth_dst = "0a:57:00:00:03:04" }, actions = new[] { "output:1" } },
            ];

            using var response = await ovs.Http.PostAsJsonAsync("api/v1/flows", new { flows });

            var error = await RefusedAsync(response);
            Assert.Equal(2, error.GetProperty("index").GetInt32());
            Assert.Equal("0000000000000a03", error.GetProperty("dpid").GetString());
            Assert.Equal("BadAction", error.GetProperty("type").GetString());
            Assert.Equal("BadOutGroup", error.GetProperty("code").GetString());
            Assert.Contains("cookie=0x5dc40a5700000303", error.GetProperty("request").GetString()!, StringComparison.Ordinal);
            foreach (string sw in Bridges)
            {
                Assert.Empty(await OvsFixture.DumpFlowsAsync(sw, WireCookies, CookieMask));
            }

            // The call claimed the error, so it is not among the unsolicited ones.
            var unsolicited = await ovs.Http.GetFromJsonAsync<JsonElement>("api/v1/switches/oc/errors");
            Assert.DoesNotContain(unsolicited.EnumerateArray(), e => e.GetProperty("xid").GetUInt32() == error.GetProperty("xid").GetUInt32());
        }
        finally
        {
            await CleanUpAsync();
        }
    }

    private async Task PostCreatedAsync(string sw, object flow)
    {
        using var response = await ovs.Http.PostAsJsonAsync($"api/v1/switches/{sw}/flows", flow);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task DeleteNoContentAsync(string sw)
    {
        using var response = await ovs.Http.DeleteAsync($"api/v1/switches/{sw}/flows?cookie=0x{WireCookies:x}&cookieMask=0x{CookieMask:x}");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The single switch error of a 422 problem+json.</summary>
    private static async Task<JsonElement> RefusedAsync(HttpResponseMessage response)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        return Assert.Single(json.RootElement.GetProperty("switchErrors").EnumerateArray()).Clone();
    }

    /// <summary>Deletes the suite's static flows through the API even when a test failed half-way, so the next test starts clean.</summary>
    private async Task CleanUpAsync()
    {
        foreach (string sw in Bridges)
        {
            using var response = await ovs.Http.DeleteAsync($"api/v1/switches/{sw}/flows?cookie=0x{WireCookies:x}&cookieMask=0x{CookieMask:x}");
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }
}
