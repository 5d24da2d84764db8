using System.Net;
using System.Net.Http.Json;
using SdnCtl.Control.Tenants;
using SdnCtl.IntegrationTests;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// A tenant rate limit on Open vSwitch: the controller's METER_MOD is accepted and read back as sent,
/// the tenant's ingress rule points at it, and a controller reconnect leaves it alone (its counters
/// go on). Declared over REST and deleted again, so the shared network stays untenanted.
/// </summary>
[Collection(OvsCollection.Name)]
public sealed class OvsTenantMeterTests(OvsFixture ovs)
{
    [SkippableFact]
    public async Task RateLimit_MeterOnOvsAsSent_AndAReconnectKeepsItWithItsCounters()
    {
        ovs.SkipIfUnavailable();
        var control = ovs.Host.ControlPlane;
        ulong oa = ovs.Dpid("oa");
        try
        {
            await Expect(HttpStatusCode.Created, await ovs.Http.PostAsJsonAsync("api/v1/tenants", new { name = "ovsmeter" }));
            await Expect(HttpStatusCode.Created, await ovs.Http.PostAsJsonAsync("api/v1/tenants/ovsmeter/segments", new { name = "m", vlan = 340, members = new object[] { new { port = "oa:1" } } }));
            await Expect(HttpStatusCode.OK, await ovs.Http.PutAsJsonAsync("api/v1/tenants/ovsmeter/rate-limit", new { rateLimitMbps = 10, burstKbits = 1000 }));

            // OVS applies what it gets in order; the tagging rule pointing at the meter means both are in.
            await Poll.UntilAsync(async () => (await TenantFlowsAsync()).Any(f => f.Contains("meter:", StringComparison.Ordinal)), "oa's tenant rule for port 1 goes through a meter");
            MeterConfigEntry meter = Assert.Single(await MeterConfigAsync());
            Assert.Equal(MeterFlags.Kbps | MeterFlags.Burst | MeterFlags.Stats, meter.Flags);
            Assert.Equal([OfpMeterBand.Drop(10_000, 1000)], meter.Bands);

            // oh1's frames (its ARP at least, answered or not) pass the meter.
            await OvsFixture.PingOnceAsync("oh1", ovs.HostAddress("oh3"));
            ulong before = 0;
            await Poll.UntilAsync(async () => (before = (await MeterStatsAsync(meter.MeterId)).PacketInCount) > 0, "the meter counts oh1's frames");

            var connectedSince = control.Topology.FindSwitch(oa)!.ConnectedSince;
            await ovs.Connection("oa").CloseAsync("test: force a reconnect");
            await ControlPlaneWaits.UntilAsync(control, () => control.Topology.FindSwitch(oa)?.ConnectedSince > connectedSince);
            await Poll.UntilAsync(async () => (await TenantFlowsAsync()).Any(f => f.Contains("meter:", StringComparison.Ordinal)), "the tenant rule is back after the reconnect");

            Assert.Equal([meter], await MeterConfigAsync());
            Assert.True((await MeterStatsAsync(meter.MeterId)).PacketInCount >= before, "the meter was re-created (its counters restarted)");
        }
        finally
        {
            using var response = await ovs.Http.DeleteAsync("api/v1/tenants/ovsmeter");
            Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"deleting ovsmeter: {(int)response.StatusCode}");
        }

        await Poll.UntilAsync(async () => (await MeterConfigAsync()).Count == 0, "the meter goes with the tenant");
    }

    private static async Task Expect(HttpStatusCode expected, HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static Task<List<string>> TenantFlowsAsync() => OvsFixture.DumpFlowsAsync("oa", TenantCookies.Application, 0xffff_0000_0000_0000);

    private async Task<List<MeterConfigEntry>> MeterConfigAsync() =>
        [.. (await ovs.Connection("oa").RequestMultipartAsync<MeterConfigReply>(new MeterConfigRequest())).SelectMany(r => r.Entries)];

    private async Task<MeterStatsEntry> MeterStatsAsync(uint meterId) =>
        (await ovs.Connection("oa").RequestMultipartAsync<MeterStatsReply>(new MeterStatsRequest { MeterId = meterId })).SelectMany(r => r.Entries).Single();
}
