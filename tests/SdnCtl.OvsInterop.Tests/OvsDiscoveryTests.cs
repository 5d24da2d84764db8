using System.Text.Json;
using SdnCtl.Control.Network;
using SdnCtl.IntegrationTests;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>Handshake, keep-alive, ports and PORT_STATUS, and LLDP links with Open vSwitch as the switch.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsDiscoveryTests(OvsFixture ovs)
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [SkippableFact]
    public void Handshake_EveryBridge_ConnectsWithTheFilesDatapathIdPortsAndOvsDescription()
    {
        ovs.SkipIfUnavailable();
        var topology = ovs.Host.ControlPlane.Topology;
        foreach (var declared in ovs.Document.Switches)
        {
            var sw = topology.FindSwitch(declared.DatapathId);
            Assert.NotNull(sw);
            Assert.Equal("Nicira, Inc.", sw.Manufacturer);
            Assert.StartsWith("3.", sw.Software, StringComparison.Ordinal);
            Assert.Equal(254, sw.TableCount);

            // The bridge's LOCAL port is not a network port; every other port is the file's, by number and name.
            Assert.Equal(
                declared.Ports.Select(p => (p.Number, p.Name)),
                sw.Ports.Select(p => (p.Number, p.Name)));
            Assert.All(sw.Ports, p => Assert.True(p.IsUp, $"{declared.Name}:{p.Number} is down"));
        }
    }

    [SkippableFact]
    public async Task TopologyEndpoint_ThreeBridgesInARow_ShowsTheSwitchesAndBothDirectionsOfEveryLldpLink()
    {
        ovs.SkipIfUnavailable();
        using var response = await ovs.Http.GetAsync(new Uri("api/v1/topology", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var dpids = json.RootElement.GetProperty("switches").EnumerateArray().Select(s => s.GetProperty("dpid").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "0000000000000a01", "0000000000000a02", "0000000000000a03" }, dpids);

        var links = json.RootElement.GetProperty("links").EnumerateArray()
            .Select(l => $"{End(l.GetProperty("source"))}>{End(l.GetProperty("destination"))}")
            .ToHashSet();
        Assert.Equal(
            new HashSet<string>
            {
                "0000000000000a01:2>0000000000000a02:2", "0000000000000a02:2>0000000000000a01:2",
                "0000000000000a02:3>0000000000000a03:2", "0000000000000a03:2>0000000000000a02:3",
            },
            links);

        static string End(JsonElement e) => $"{e.GetProperty("dpid").GetString()}:{e.GetProperty("port").GetUInt32()}";
    }

    [SkippableFact]
    public async Task EchoKeepAlive_OvsAnswersTheControllersEchoes_SessionStaysUp()
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oa");
        var connectedSince = ovs.Host.ControlPlane.Topology.FindSwitch(connection.DatapathId)!.ConnectedSince;

        byte[] payload = [0x53, 0x44, 0x4e, 0x01, 0x02, 0x03];
        var reply = await connection.RequestAsync<EchoReply>(new EchoRequest { Data = payload }).WaitAsync(Guard);
        Assert.Equal(payload, reply.Data.ToArray());

        // The idle keep-alive (every 300 ms without input here) goes on, OVS answers, nothing reconnects.
        Assert.True(ovs.Host.Server.TryGetCounters(connection.DatapathId, out var start));
        await Poll.UntilAsync(
            () => ovs.Host.Server.TryGetCounters(connection.DatapathId, out var now) && now.EchoRequestsSent >= start.EchoRequestsSent + 3,
            "the controller has sent three more keep-alive echoes to oa");
        Assert.True(connection.IsConnected);
        Assert.Same(connection, ovs.Connection("oa"));
        Assert.Equal(connectedSince, ovs.Host.ControlPlane.Topology.FindSwitch(connection.DatapathId)!.ConnectedSince);
    }

    [SkippableFact]
    public async Task PortStatus_HostLinkSetDownInItsNamespace_PortGoesDownThenUp()
    {
        ovs.SkipIfUnavailable();
        ulong ob = ovs.Dpid("ob");
        try
        {
            await OvsFixture.RunAsync("ip", "-n", "oh2", "link", "set", "eth0", "down");
            await Until(() => Port(ob, 1) is { IsUp: false });
        }
        finally
        {
            await OvsFixture.RunAsync("ip", "-n", "oh2", "link", "set", "eth0", "up");
        }

        await Until(() => Port(ob, 1) is { IsUp: true });
    }

    [SkippableFact]
    public async Task PortStatus_DelPortThenAddPort_PortDisappearsAndComesBackWithItsNumber()
    {
        ovs.SkipIfUnavailable();
        ulong ob = ovs.Dpid("ob");
        try
        {
            await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "del-port", "ob", "ob-eth1");
            await Until(() => Port(ob, 1) is null && ovs.Host.ControlPlane.Topology.FindSwitch(ob) is not null);
        }
        finally
        {
            await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "--may-exist", "add-port", "ob", "ob-eth1", "--", "set", "interface", "ob-eth1", "ofport_request=1");
        }

        await Until(() => Port(ob, 1) is { IsUp: true, Name: "ob-eth1" });
    }

    private PortInfo? Port(ulong dpid, uint number) => ovs.Host.ControlPlane.Topology.FindSwitch(dpid)?.FindPort(number);

    private Task Until(Func<bool> condition) => ControlPlaneWaits.UntilAsync(ovs.Host.ControlPlane, condition);
}
