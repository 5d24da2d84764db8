using SdnCtl.Cli.Ovs;
using SdnCtl.IntegrationTests;
using SdnCtl.Topology;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>What <c>sdnctl ovs up</c> would run for a topology file; pure, so it runs everywhere (no root, no OVS).</summary>
public sealed class OvsPlanTests
{
    private static readonly TopologyDocument Linear = TopologyLoader.Load(RepoPaths.Topology("linear-3.yaml"));

    [Fact]
    public void TryCreate_LinearThree_EveryBridgeIsUserspaceOpenFlow13SecureWithTheFilesDpidAndController()
    {
        Assert.True(OvsPlan.TryCreate(Linear, new OvsPlanOptions { Controller = "tcp:127.0.0.1:7000" }, out var plan, out string? problem), problem);

        Assert.Equal(["s1", "s2", "s3"], plan.Inventory.Bridges);
        var s2 = Assert.Single(plan.Steps, s => s.Arguments.Contains("add-br") && s.Arguments.Contains("s2"));
        Assert.Equal("ovs-vsctl", s2.Program);
        Assert.Contains("datapath_type=netdev", s2.Arguments);
        Assert.Contains("protocols=OpenFlow13", s2.Arguments);
        Assert.Contains("fail-mode=secure", s2.Arguments);
        Assert.Contains("other-config:datapath-id=0000000000000002", s2.Arguments);
        Assert.Contains("target=\"tcp:127.0.0.1:7000\"", s2.Arguments);
    }

    [Fact]
    public void TryCreate_VethLinks_EachEndIsTheFilesPortNameAndNumber()
    {
        Assert.True(OvsPlan.TryCreate(Linear, new OvsPlanOptions(), out var plan, out _));

        Assert.Contains(plan.Steps, s => s.ToString() == "ip link add s1-eth2 type veth peer name s2-eth2");
        Assert.Contains(plan.Steps, s => s.ToString() == "ovs-vsctl --timeout=10 -- add-port s1 s1-eth2 -- set interface s1-eth2 ofport_request=2");
        Assert.Contains(plan.Steps, s => s.ToString() == "ovs-vsctl --timeout=10 -- add-port s3 s3-eth2 -- set interface s3-eth2 ofport_request=2");
        Assert.Contains("s1-eth2", plan.Inventory.Veths);
        Assert.DoesNotContain("s2-eth2", plan.Inventory.Veths); // deleting one end deletes its peer
    }

    [Fact]
    public void TryCreate_PatchLinks_NoVethBetweenSwitches()
    {
        Assert.True(OvsPlan.TryCreate(Linear, new OvsPlanOptions { Links = OvsLinkKind.Patch }, out var plan, out _));

        Assert.Contains(plan.Steps, s => s.Program == "ovs-vsctl" && s.Arguments.Contains("type=patch") && s.Arguments.Contains("options:peer=s2-eth2") && s.Arguments.Contains("s1-eth2"));
        Assert.Equal(["s1-eth1", "s2-eth1", "s3-eth1"], plan.Inventory.Veths);
    }

    [Fact]
    public void TryCreate_Hosts_NamespaceWithTheFilesMacAndAddressOnEth0()
    {
        Assert.True(OvsPlan.TryCreate(Linear, new OvsPlanOptions(), out var plan, out _));

        Assert.Equal(["h1", "h2", "h3"], plan.Inventory.Namespaces);
        var steps = plan.Steps.Select(s => s.ToString()).ToList();
        int ns = steps.IndexOf("ip netns add h3");
        int veth = steps.IndexOf("ip link add s3-eth1 type veth peer name eth0 netns h3");
        int mac = steps.IndexOf("ip -n h3 link set eth0 address 00:00:00:00:00:03");
        int ip = steps.IndexOf("ip -n h3 addr add 10.0.0.3/8 dev eth0");
        int port = steps.IndexOf("ovs-vsctl --timeout=10 -- add-port s3 s3-eth1 -- set interface s3-eth1 ofport_request=1");
        Assert.True(ns >= 0 && ns < veth && veth < mac && mac < ip && ip < port, string.Join('\n', steps));
    }

    [Theory]
    [InlineData("averyveryverylongswitch", "longer than Linux's 15 characters")]
    [InlineData("sw.1", "contains '.'")]
    public void TryCreate_SwitchNameLinuxCannotCarry_ProblemNamesTheSwitch(string name, string reason)
    {
        var document = TopologyLoader.Parse($"name: t\nswitches:\n  - name: {name}\n    dpid: 1\n    ports: 1\n", "t.yaml");

        Assert.False(OvsPlan.TryCreate(document, new OvsPlanOptions(), out _, out string? problem));
        Assert.Contains($"switch '{name}'", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_SavedAndLoaded_TearsDownBridgesThenVethsThenNamespacesToleratingMissingOnes()
    {
        Assert.True(OvsPlan.TryCreate(Linear, new OvsPlanOptions(), out var plan, out _));
        string path = Path.Combine(Directory.CreateTempSubdirectory("sdnctl-ovs-plan-").FullName, "state.json");
        try
        {
            await plan.Inventory.SaveAsync(path, CancellationToken.None);
            var loaded = await OvsInventory.LoadAsync(path, CancellationToken.None);

            Assert.NotNull(loaded);
            var teardown = loaded.TeardownSteps().Select(s => s.ToString()).ToList();
            Assert.Equal("ovs-vsctl --timeout=10 --if-exists del-br s1", teardown[0]);
            Assert.Equal("ip netns del h3", teardown[^1]);
            Assert.Equal(3 + 5 + 3, teardown.Count);
            Assert.All(loaded.TeardownSteps(), s => Assert.True(s.TolerateMissing));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}
