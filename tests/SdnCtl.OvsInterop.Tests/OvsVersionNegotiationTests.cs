using SdnCtl.IntegrationTests;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>HELLO version negotiation with bridges that offer more, or other, OpenFlow versions than 1.3.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsVersionNegotiationTests(OvsFixture ovs)
{
    [SkippableFact]
    public async Task Hello_BridgeOffersOpenFlow10To15_NegotiatesOpenFlow13AndConnects()
    {
        ovs.SkipIfUnavailable();
        const ulong dpid = 0x0f01;
        await using var bridge = await TemporaryBridge.CreateAsync(ovs, "ovv1", dpid, "OpenFlow10,OpenFlow13,OpenFlow14,OpenFlow15");

        await ControlPlaneWaits.UntilAsync(ovs.Host.ControlPlane, () => ovs.Host.ControlPlane.Topology.FindSwitch(dpid) is not null);
        Assert.Equal("Nicira, Inc.", ovs.Host.ControlPlane.GetSwitch(dpid)!.Description.MfrDesc);
        // OVS writes its connection status to the database every few seconds, so this is a wait.
        await Poll.UntilAsync(async () => (await bridge.ControllerStatusAsync()).Contains("state=ACTIVE", StringComparison.Ordinal), "OVS reports the connection active");
    }

    [SkippableTheory]
    [InlineData("OpenFlow10", 0x0f02UL)]
    [InlineData("OpenFlow14", 0x0f03UL)]
    public async Task Hello_BridgeWithoutOpenFlow13_ConnectionRefusedAndNeverInTheTopology(string protocols, ulong dpid)
    {
        ovs.SkipIfUnavailable();
        await using var bridge = await TemporaryBridge.CreateAsync(ovs, "ovv" + (dpid & 0xf), dpid, protocols);

        // OVS records why its connection ended: the HELLO exchange failed (OFPET_HELLO_FAILED either way).
        await Poll.UntilAsync(async () => (await bridge.ControllerStatusAsync()).Contains("last_error=\"Protocol error\"", StringComparison.Ordinal), $"OVS reports the {protocols} bridge's connection refused");
        await ovs.Host.ControlPlane.QuiesceAsync();
        Assert.Null(ovs.Host.ControlPlane.Topology.FindSwitch(dpid));
        Assert.Null(ovs.Host.ControlPlane.GetSwitch(dpid));
    }

    /// <summary>A bridge outside the topology file, deleted again (and gone from the controller) on dispose.</summary>
    private sealed class TemporaryBridge(OvsFixture ovs, string name, ulong dpid) : IAsyncDisposable
    {
        public static async Task<TemporaryBridge> CreateAsync(OvsFixture ovs, string name, ulong dpid, string protocols)
        {
            var bridge = new TemporaryBridge(ovs, name, dpid);
            await OvsFixture.RunAsync(
                "ovs-vsctl", "--timeout=10", "--", "add-br", name,
                "--", "set", "bridge", name, "datapath_type=netdev", "protocols=" + protocols, "fail-mode=secure", $"other-config:datapath-id={dpid:x16}",
                "--", "--id=@c", "create", "controller", $"target=\"tcp:127.0.0.1:{ovs.Host.Server.BoundEndPoint.Port}\"", "max_backoff=1000",
                "--", "set", "bridge", name, "controller=@c");
            return bridge;
        }

        /// <summary>OVS's status of the bridge's controller connection, like <c>{state=ACTIVE, sec_since_connect="3"}</c>.</summary>
        public async Task<string> ControllerStatusAsync()
        {
            string uuid = (await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "get", "bridge", name, "controller")).Trim().Trim('[', ']');
            return await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "get", "controller", uuid, "status");
        }

        public async ValueTask DisposeAsync()
        {
            await OvsFixture.RunAsync("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", name);
            await ControlPlaneWaits.UntilAsync(ovs.Host.ControlPlane, () => ovs.Host.ControlPlane.Topology.FindSwitch(dpid) is null);
        }
    }
}
