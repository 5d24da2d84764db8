using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SdnCtl.Api.Dtos;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Packets;
using SdnCtl.Nfv;
using Xunit.Abstractions;

namespace SdnCtl.IntegrationTests.Chains;

/// <summary>chain-ring: s1..s4 in a ring, h1 on s1, h3 on s3, h4 on s4, one-armed firewalls fw1 (s2:4) and fw2 (s2:5).</summary>
public sealed class ChainFixture() : SimulatedControllerFixture("chain-ring.yaml");

public sealed class ChainTests(ChainFixture fixture, ITestOutputHelper output) : IClassFixture<ChainFixture>
{
    private readonly HttpClient _http = fixture.Http;
    private readonly SimulatedNetwork _network = fixture.Network;

    [Fact]
    public async Task Chain_TraceVisitsFw1ThenFw2_OtherTrafficBypasses_DenyBlocks_LinkCutReroutes()
    {
        var created = await PostAsync(new { name = "web", classifier = new { src = "h1", dst = "h3", ipProto = 6, dstPort = 80 }, appliances = new[] { "fw1", "fw2" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        ChainDto chain = (await created.Content.ReadFromJsonAsync<ChainDto>())!;
        try
        {
            Assert.Equal("installed", chain.State);
            Assert.Equal(["s1:1->2", "s2:3->4", "appliance:fw1@s2:4", "s2:4->5", "appliance:fw2@s2:5", "s2:5->2", "s3:3->1"], chain.Path);
            Assert.Equal(chain.Path, (await _http.GetFromJsonAsync<ChainDto>("/api/v1/chains/web"))!.Path);

            NetworkTrace web = await TraceAsync(Tcp(80));
            output.WriteLine(web.ToString());
            Assert.Equal(["h3"], web.ReachedHosts);
            Assert.Equal(["fw1", "fw2"], web.Hops.Where(h => h.Appliance is not null).Select(h => h.Switch));

            // Outside the classifier: ICMP takes reactive forwarding straight to h3.
            Assert.Equal(PingStatus.Replied, (await _network.PingAsync("h1", "h3", TimeSpan.FromSeconds(10))).Status);
            NetworkTrace icmp = await TraceAsync(Icmp());
            Assert.Equal(["h3"], icmp.ReachedHosts);
            Assert.DoesNotContain(icmp.Hops, h => h.Appliance is not null);

            // A deny rule on the second firewall stops the chained flow there.
            Assert.Equal(HttpStatusCode.OK, (await PutAsync("/api/v1/appliances/fw2/rules", """[{"name":"no-web","action":"deny","protocol":"tcp","destinationPorts":"80"}]""")).StatusCode);
            // A new connection (another source port): the firewall is stateful and lets the traced one go on.
            NetworkTrace denied = await TraceAsync(Tcp(80, sourcePort: 40001));
            Assert.Empty(denied.ReachedHosts);
            Assert.Equal(FrameDisposition.Dropped, denied.Hops.Single(h => h.Switch == "fw2").Appliance!.Verdict);
            Assert.Equal(HttpStatusCode.OK, (await PutAsync("/api/v1/appliances/fw2/rules", "[]")).StatusCode);

            // Cut the first leg's link: the leg goes round the ring, the appliances stay in order.
            await _network.SetLinkStateAsync("s1", "s2", up: false);
            await ControlPlaneWaits.UntilAsync(fixture.Host.ControlPlane, () => fixture.Host.ControlPlane.Chains.Find("web")?.State == Control.Intents.IntentState.Rerouted);
            ChainDto rerouted = (await _http.GetFromJsonAsync<ChainDto>("/api/v1/chains/web"))!;
            Assert.Equal("rerouted", rerouted.State);
            Assert.Equal(["s1:1->3", "s4:2->3", "s3:2->3", "s2:2->4", "appliance:fw1@s2:4", "s2:4->5", "appliance:fw2@s2:5", "s2:5->2", "s3:3->1"], rerouted.Path);
            NetworkTrace after = await TraceAsync(Tcp(80, sourcePort: 40002));
            output.WriteLine(after.ToString());
            Assert.Equal(["h3"], after.ReachedHosts);
            Assert.Equal(["fw1", "fw2"], after.Hops.Where(h => h.Appliance is not null).Select(h => h.Switch));
        }
        finally
        {
            await _network.SetLinkStateAsync("s1", "s2", up: true);
            await _http.DeleteAsync("/api/v1/chains/web");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/api/v1/chains/web")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.DeleteAsync("/api/v1/chains/web")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","classifier":{"src":"h1","dst":"h3"},"appliances":["nope"]}""", "appliances[0]")]
    [InlineData("""{"name":"x","classifier":{"src":"h1","dst":"h9"},"appliances":["fw1"]}""", "classifier.dst")]
    [InlineData("""{"name":"x","classifier":{"src":"h1","dst":"h3"},"appliances":[]}""", "appliances")]
    [InlineData("""{"name":"x","classifier":{"src":"h1","dst":"h3","dstPort":80},"appliances":["fw1"]}""", "classifier.dstPort")]
    [InlineData("""{"classifier":{"src":"h1","dst":"h3"},"appliances":["fw1"]}""", "name")]
    public async Task Create_BadInput_400NamingTheField_NothingCreated(string body, string field)
    {
        using var response = await _http.PostAsync("/api/v1/chains", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Null(fixture.Host.ControlPlane.Chains.Find("x"));
    }

    [Fact]
    public async Task Create_SameNameTwice_409()
    {
        var body = new { name = "dup", classifier = new { src = "h4", dst = "h3" }, appliances = new[] { "fw1" } };
        try
        {
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(body)).StatusCode);
            using var again = await PostAsync(body);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Single(await _http.GetFromJsonAsync<ChainDto[]>("/api/v1/chains") ?? [], c => c.Name == "dup");
        }
        finally
        {
            await _http.DeleteAsync("/api/v1/chains/dup");
        }
    }

    private Task<HttpResponseMessage> PostAsync(object body) => _http.PostAsJsonAsync("/api/v1/chains", body);

    private Task<HttpResponseMessage> PutAsync(string uri, string json) => _http.PutAsync(uri, new StringContent(json, Encoding.UTF8, "application/json"));

    private byte[] Tcp(ushort port, ushort sourcePort = 40000)
    {
        var (a, b) = Hosts();
        return FrameBuilder.Tcp(new L2Header(a.Mac, b.Mac), a.Ipv4Address, b.Ipv4Address, sourcePort, port, TcpFlags.Syn);
    }

    private byte[] Icmp()
    {
        var (a, b) = Hosts();
        return FrameBuilder.IcmpEcho(new L2Header(a.Mac, b.Mac), a.Ipv4Address, b.Ipv4Address, reply: false, id: 9, sequence: 1);
    }

    private (SimulatedHost A, SimulatedHost B) Hosts() => (_network.Hosts.Single(h => h.Name == "h1"), _network.Hosts.Single(h => h.Name == "h3"));

    // A chain's state says its rules were sent; the trace must see them applied: let the loop finish what
    // is queued, then a barrier on every switch (its reply comes after every earlier flow-mod).
    private async Task<NetworkTrace> TraceAsync(byte[] frame)
    {
        await fixture.Host.ControlPlane.QuiesceAsync();
        await Task.WhenAll(fixture.Host.ControlPlane.Connections.Select(c => c.BarrierAsync()));
        return await _network.TraceAsync("h1", 0, frame);
    }
}
