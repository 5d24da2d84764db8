using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Tenants;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;
using SdnCtl.Topology.Appliances;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>
/// Host learning in a tenant segment whose members are declared: the square with tenant a's VLAN 100
/// segment on s1:1 (h1), s3:1 (h3) and s2:4, where appliance fw1 (MAC 5) is cabled; the fake host
/// "fw" on s2:4 stands in for it, sending what a one-armed firewall sends back out of its port.
/// </summary>
public class DeclaredMemberLearningTests
{
    private const ulong H1 = 1, Fw = 5;

    [Fact]
    public async Task DeclaredMemberNotLearnedYet_ItsPortCopiesArpToTheController_LearnedThere_ThenTheCopyStops()
    {
        await using Lab lab = await StartAsync();
        Assert.Null(lab.Topology.FindHost(H1));
        Assert.Contains(lab.Switch("s1").Table.Flows, IsLearnRuleFor(1));

        FakeHost h1 = lab.Host("h1");
        await lab.SendAsync("h1", Frames.GratuitousArp(h1.Mac, h1.Ipv4));

        Assert.Equal(lab.Port("s1", 1), lab.Topology.FindHost(H1)?.Attachment);
        Assert.DoesNotContain(lab.Switch("s1").Table.Flows, IsLearnRuleFor(1));
    }

    [Fact]
    public async Task ApplianceSendsAMembersBroadcastBack_MemberNotMovedToTheAppliancePort_ApplianceOwnMacLearnedThere()
    {
        await using Lab lab = await StartAsync();
        FakeHost h1 = lab.Host("h1");
        await lab.SendAsync("h1", Frames.GratuitousArp(h1.Mac, h1.Ipv4));
        await lab.Controller.Chains.AddAsync(new ChainSpec("pair", "h1", "h3", null, [new ChainAppliance("fw1", "s2:4")]) { Tenant = "a" });
        await lab.SettleAsync();

        // What the firewall does with the broadcast the segment delivered to it.
        await lab.SendAsync("fw", Frames.GratuitousArp(h1.Mac, h1.Ipv4));
        await lab.SendAsync("fw", Frames.GratuitousArp(Fw, lab.Host("fw").Ipv4));

        Assert.Equal(lab.Port("s1", 1), lab.Topology.FindHost(H1)?.Attachment);
        Assert.Equal(lab.Port("s2", 4), lab.Topology.FindHost(Fw)?.Attachment);
        ChainInfo chain = lab.Controller.Chains.Find("pair")!;
        Assert.Equal(IntentState.Installed, chain.State);
        Assert.Equal(lab.Port("s1", 1), new SwitchPort(chain.Hops[0].DatapathId, chain.Hops[0].InPort));
    }

    [Fact]
    public async Task TenantChainCreatedBeforeItsMembersTalk_Installed_SameHopsOnceTheyAnnounce()
    {
        await using Lab lab = await StartAsync();
        await lab.Controller.Chains.AddAsync(new ChainSpec("pair", "h1", "h3", null, [new ChainAppliance("fw1", "s2:4")]) { Tenant = "a" });
        await lab.SettleAsync();
        ChainInfo before = lab.Controller.Chains.Find("pair")!;
        Assert.Null(lab.Topology.FindHost(H1));

        foreach (string member in (string[])["h1", "h3"])
        {
            await lab.SendAsync(member, Frames.GratuitousArp(lab.Host(member).Mac, lab.Host(member).Ipv4));
        }

        ChainInfo after = lab.Controller.Chains.Find("pair")!;
        Assert.Equal(IntentState.Installed, before.State);
        Assert.Equal(IntentState.Installed, after.State);
        Assert.Equal(before.Hops.ToArray(), after.Hops.ToArray());
        Assert.Equal(before.ReturnHops.ToArray(), after.ReturnHops.ToArray());
        Assert.Equal(lab.Port("s1", 1), lab.Topology.FindHost(H1)?.Attachment);
    }

    private static Predicate<FakeFlow> IsLearnRuleFor(uint port) => f =>
        TenantCookies.IsTenantRule(f.Cookie) && f.Priority == TenantFlowCompiler.PortLearnPriority && f.Match.Contains(OxmEntry.InPort(port));

    private static async Task<Lab> StartAsync()
    {
        TopologyDocument square = TestTopologies.Build(
            "square-with-appliance",
            switches: 4,
            ports: 4,
            [("s1", 2, "s2", 3), ("s2", 2, "s3", 3), ("s3", 2, "s4", 3), ("s4", 2, "s1", 3)],
            [("h1", "s1", 1), ("h2", "s2", 1), ("h3", "s3", 1), ("h4", "s4", 1), ("fw", "s2", 4)]);
        TopologyDocument document = square with
        {
            Tenants = [new TenantSpec("a", [new SegmentSpec("web", SegmentKind.Vlan, 100, null, 0, [.. new[] { ("s1", 1u), ("s3", 1u), ("s2", 4u) }.Select(p => MemberSpec.ForPort(new PortRef(p.Item1, p.Item2)))])])],
            Appliances = [new ApplianceSpec("fw1", "firewall", null, [new ApplianceInterfaceSpec("a", Fw, null, new PortRef("s2", 4))], "{}")],
        };
        return await Lab.StartAsync(document, declare: true);
    }
}
