using System.Net;
using System.Net.Http.Json;
using SdnCtl.Control.Tenants;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// Tenant VLAN segments compiled onto the three OVS bridges: oh1 (oa) and oh3 (oc) share one
/// tenant's VLAN and reach each other over the oa–ob–oc trunks, tagged with the segment's VID;
/// oh2 (ob) in another tenant's VLAN reaches neither. Declared over REST, so the shared network
/// stays untenanted for the other tests, and deleted again afterwards.
/// </summary>
[Collection(OvsCollection.Name)]
public sealed class OvsTenantTests(OvsFixture ovs)
{
    private const int BlueVid = 310;
    private const int RedVid = 320;

    [SkippableFact]
    public async Task TenantVlans_SameSegmentAcrossBridgesPingsTaggedOverTheTrunk_OtherTenantIsUnreachable()
    {
        ovs.SkipIfUnavailable();
        Tcpdump.SkipIfMissing();
        try
        {
            await CreateAsync("ovsblue", new { name = "web", vlan = BlueVid, members = new object[] { new { port = "oa:1" }, new { port = "oc:1" } } });
            await CreateAsync("ovsred", new { name = "db", vlan = RedVid, members = new object[] { new { port = "ob:1" } } });

            // The segment's rules are on OVS: oh1's port on oa tags with the blue VID.
            await Poll.UntilAsync(
                async () => (await OvsFixture.DumpFlowsAsync("oa", TenantCookies.Application, 0xffff_0000_0000_0000))
                    .Any(f => f.Contains("in_port=1", StringComparison.Ordinal) && f.Contains($"set_field:{4096 + BlueVid}->vlan_vid", StringComparison.Ordinal)),
                "oa has the blue segment's tagging rule for port 1");

            // Capture on the ob–oc trunk: oh1's echo request crosses it inside the blue VLAN.
            string capture = await Tcpdump.CaptureWhileAsync(
                "ob-eth3",
                $"vlan {BlueVid} and icmp",
                () => Poll.UntilAsync(() => OvsFixture.PingOnceAsync("oh1", ovs.HostAddress("oh3")), "oh1 gets an answer from oh3 in the blue VLAN"));
            Assert.Contains($"vlan {BlueVid}", capture, StringComparison.Ordinal);
            Assert.Contains("ICMP echo", capture, StringComparison.Ordinal);
            Assert.True(await OvsFixture.PingOnceAsync("oh3", ovs.HostAddress("oh1"), waitSeconds: 10), "oh3 reaches oh1 the other way");

            // The blue segment works (above), so a ping to or from red that goes unanswered is isolation, not set-up.
            foreach (var (from, to) in new[] { ("oh1", "oh2"), ("oh2", "oh1"), ("oh3", "oh2"), ("oh2", "oh3") })
            {
                for (int attempt = 0; attempt < 2; attempt++)
                {
                    Assert.False(await OvsFixture.PingOnceAsync(from, ovs.HostAddress(to)), $"{from} reached {to} across tenants");
                }
            }
        }
        finally
        {
            foreach (string tenant in new[] { "ovsblue", "ovsred" })
            {
                using var response = await ovs.Http.DeleteAsync($"api/v1/tenants/{tenant}");
                Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, $"deleting {tenant}: {(int)response.StatusCode}");
            }
        }

        // Nothing of the tenants stays behind to bend the other tests' traffic.
        foreach (string sw in new[] { "oa", "ob", "oc" })
        {
            await Poll.UntilAsync(
                async () => (await OvsFixture.DumpFlowsAsync(sw, TenantCookies.Application, 0xffff_0000_0000_0000)).Count == 0,
                $"{sw} has no tenant rules left");
        }

        await Poll.UntilAsync(() => OvsFixture.PingOnceAsync("oh1", ovs.HostAddress("oh2")), "oh1 reaches oh2 again through reactive forwarding");
    }

    private async Task CreateAsync(string tenant, object segment)
    {
        using (var created = await ovs.Http.PostAsJsonAsync("api/v1/tenants", new { name = tenant }))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"tenant {tenant}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        using var response = await ovs.Http.PostAsJsonAsync($"api/v1/tenants/{tenant}/segments", segment);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"segment of {tenant}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
