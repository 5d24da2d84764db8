using System.CommandLine;
using SdnCtl.Cli.Ovs;
using SdnCtl.IntegrationTests;

namespace SdnCtl.OvsInterop.Tests;

/// <summary><c>sdnctl ovs up FILE</c> and <c>sdnctl ovs down</c>, through the command line parser.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsCliTests(OvsFixture ovs)
{
    private const string PatchTopology = """
        name: ovs-patch
        switches:
          - name: pa
            dpid: "00:00:00:00:00:00:0b:01"
            ports: 2
          - name: pb
            dpid: "00:00:00:00:00:00:0b:02"
            ports: 2
        links:
          - [pa:2, pb:2]
        hosts:
          - name: ph1
            mac: "02:78:00:00:00:01"
            ip: 10.78.0.1/24
            at: pa:1
          - name: ph2
            mac: "02:78:00:00:00:02"
            ip: 10.78.0.2/24
            at: pb:1
        """;

    [Fact]
    public async Task OvsDown_NothingWasBuilt_ExitsWithOne()
    {
        string dir = Directory.CreateTempSubdirectory("sdnctl-ovs-cli-").FullName;
        try
        {
            Assert.Equal(1, await Sdnctl("ovs", "down", "--state", Path.Combine(dir, "none.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task OvsUp_InterfaceNameTooLongForLinux_ExitsWithOneAndRecordsNothing()
    {
        string dir = Directory.CreateTempSubdirectory("sdnctl-ovs-cli-").FullName;
        try
        {
            string file = Path.Combine(dir, "long.yaml");
            await File.WriteAllTextAsync(file, "name: t\nswitches:\n  - name: switch-with-a-long-name\n    dpid: 1\n    ports: 1\n");
            string state = Path.Combine(dir, "state.json");

            Assert.Equal(1, await Sdnctl("ovs", "up", file, "--state", state));
            Assert.False(File.Exists(state));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public async Task OvsUpThenDown_TwoBridgesJoinedByPatchPorts_ConnectLinkPingAndLeaveNothingBehind()
    {
        ovs.SkipIfUnavailable();
        var control = ovs.Host.ControlPlane;
        string dir = Directory.CreateTempSubdirectory("sdnctl-ovs-cli-").FullName;
        string file = Path.Combine(dir, "patch.yaml");
        string state = Path.Combine(dir, "state.json");
        await File.WriteAllTextAsync(file, PatchTopology);
        const ulong pa = 0x0b01, pb = 0x0b02;
        try
        {
            Assert.Equal(0, await Sdnctl("ovs", "up", file, "--controller", $"tcp:127.0.0.1:{ovs.Host.Server.BoundEndPoint.Port}", "--links", "patch", "--state", state));
            Assert.True(File.Exists(state));

            await ControlPlaneWaits.UntilAsync(control, () =>
                control.Topology.FindLinkFrom(new(pa, 2))?.Destination == new SdnCtl.Control.Network.SwitchPort(pb, 2)
                && control.Topology.FindLinkFrom(new(pb, 2))?.Destination == new SdnCtl.Control.Network.SwitchPort(pa, 2));
            Assert.Contains("patch", await OvsFixture.RunAsync("ovs-vsctl", "get", "interface", "pa-eth2", "type"), StringComparison.Ordinal);
            await Poll.UntilAsync(() => OvsFixture.PingOnceAsync("ph1", "10.78.0.2"), "ph1 gets an answer from ph2 across the patch link");

            Assert.Equal(0, await Sdnctl("ovs", "down", "--state", state));
            Assert.False(File.Exists(state));
            await ControlPlaneWaits.UntilAsync(control, () => control.Topology.FindSwitch(pa) is null && control.Topology.FindSwitch(pb) is null);
            string bridges = await OvsFixture.RunAsync("ovs-vsctl", "list-br");
            Assert.DoesNotContain("pa", bridges.Split('\n'));
            Assert.DoesNotContain("pb", bridges.Split('\n'));
            string namespaces = await OvsFixture.RunAsync("ip", "netns", "list");
            Assert.DoesNotContain("ph1", namespaces, StringComparison.Ordinal);
            Assert.DoesNotContain("ph2", namespaces, StringComparison.Ordinal);
            string links = await OvsFixture.RunAsync("ip", "-o", "link", "show");
            Assert.DoesNotContain("pa-eth1", links, StringComparison.Ordinal);
            Assert.DoesNotContain("pb-eth1", links, StringComparison.Ordinal);
        }
        finally
        {
            if (File.Exists(state))
            {
                await Sdnctl("ovs", "down", "--state", state);
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    private static Task<int> Sdnctl(params string[] args) => new RootCommand { OvsCommand.Create() }.Parse(args).InvokeAsync();
}
