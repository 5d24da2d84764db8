using System.Globalization;
using SdnCtl.IntegrationTests;
using SdnCtl.Cli.Ovs;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>ovs-vswitchd restarts: every bridge reconnects, the topology comes back, the table is the controller's again.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsReconnectTests(OvsFixture ovs)
{
    [SkippableFact]
    public async Task RestartVswitchd_BridgesReconnect_TopologyTablesAndForwardingComeBack()
    {
        ovs.SkipIfUnavailable();
        var control = ovs.Host.ControlPlane;
        var before = ovs.Document.Switches.ToDictionary(s => s.DatapathId, s => control.Topology.FindSwitch(s.DatapathId)!.ConnectedSince);

        string pidFile = Path.Combine(ovs.OvsDirectory, "run", "ovs-vswitchd.pid");
        int pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        await OvsFixture.RunAsync("kill", "-TERM", pid.ToString(CultureInfo.InvariantCulture));
        await ControlPlaneWaits.UntilAsync(control, () => ovs.Document.Switches.All(s => control.Topology.FindSwitch(s.DatapathId) is null));
        await Poll.UntilAsync(() => !Directory.Exists($"/proc/{pid}"), $"ovs-vswitchd {pid} has exited");

        var up = await ProcessRunner.RunAsync(new OvsStep("bash", [OvsFixture.Script("ovs-up.sh"), ovs.OvsDirectory]), CancellationToken.None);
        Assert.True(up.Succeeded, up.StandardError);

        await ControlPlaneWaits.UntilAsync(control, () =>
            control.CompareWithDeclared() is { IsEmpty: true }
            && ovs.Document.Switches.All(s => control.Topology.FindSwitch(s.DatapathId)?.ConnectedSince > before[s.DatapathId]));

        // The restarted switch starts with an empty table; the controller has put its own rules back
        // (LLDP to controller, table-miss), and nothing else is there but rules it installs reactively.
        foreach (string bridge in new[] { "oa", "ob", "oc" })
        {
            var flows = await OvsFixture.DumpFlowsAsync(bridge);
            Assert.Contains("cookie=0x5dc1000000000001, priority=65000,dl_type=0x88cc actions=CONTROLLER:65535", flows);
            Assert.Contains("cookie=0x5dc2000000000000, priority=0 actions=CONTROLLER:65535", flows);
            Assert.All(flows, f => Assert.StartsWith("cookie=0x5dc", f, StringComparison.Ordinal));
        }

        await Poll.UntilAsync(() => OvsFixture.PingOnceAsync("oh1", ovs.HostAddress("oh3")), "oh1 gets an answer from oh3 after the restart");
    }

    [SkippableFact]
    public async Task ControllerReconnect_StaleRulesLeftInTheSwitch_ForwardingRulesReconciledOthersKept()
    {
        ovs.SkipIfUnavailable();
        var control = ovs.Host.ControlPlane;
        ulong oa = ovs.Dpid("oa");
        var connectedSince = control.Topology.FindSwitch(oa)!.ConnectedSince;

        // Change the table behind the controller's back: a forwarding rule it never installed, another
        // owner's rule, and its table-miss rule gone. (Not by removing the controller from OVS: OVS
        // flushes the tables whenever its controller set changes.)
        await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "add-flow", "oa", "cookie=0x5dc300000000dead,priority=1000,dl_dst=02:77:00:00:00:99,actions=output:2");
        await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "add-flow", "oa", "cookie=0x0b0b000000000001,priority=7,dl_dst=02:77:00:00:00:98,actions=drop");
        await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "del-flows", "oa", "cookie=0x5dc2000000000000/-1");

        // The controller drops the session; fail-mode secure keeps the table; OVS reconnects.
        await ovs.Connection("oa").CloseAsync("test: force a reconnect");
        await ControlPlaneWaits.UntilAsync(control, () =>
            control.Topology.FindSwitch(oa)?.ConnectedSince > connectedSince && control.CompareWithDeclared() is { IsEmpty: true });
        await ovs.Connection("oa").BarrierAsync().WaitAsync(TimeSpan.FromMinutes(1));

        var flows = await OvsFixture.DumpFlowsAsync("oa");
        string table = string.Join('\n', flows);
        Assert.False(flows.Any(f => f.StartsWith("cookie=0x5dc300000000dead,", StringComparison.Ordinal)), "the stale forwarding rule survived:\n" + table);
        Assert.True(flows.Contains("cookie=0x5dc2000000000000, priority=0 actions=CONTROLLER:65535"), "no table-miss rule:\n" + table);
        // Rules of other owners are not the forwarding application's to remove.
        Assert.True(flows.Contains("cookie=0xb0b000000000001, priority=7,dl_dst=02:77:00:00:00:98 actions=drop"), "another owner's rule was removed:\n" + table);
        await OvsFixture.RunAsync("ovs-ofctl", "-O", "OpenFlow13", "del-flows", "oa", "cookie=0x0b0b000000000001/-1");
        await Poll.UntilAsync(() => OvsFixture.PingOnceAsync("oh1", ovs.HostAddress("oh2")), "oh1 gets an answer from oh2 after the reconnect");
    }
}
