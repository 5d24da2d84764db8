using SdnCtl.Control.Events;
using SdnCtl.Control.Intents;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Intents;

public class IntentLifecycleTests
{
    [Fact]
    public async Task HostToHost_DeclaredHosts_InstalledBothWaysAndTrafficNeedsNoPacketIn()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        IntentResult result = await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"));
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Accepted, result.Status);
        IntentInfo intent = result.Intent!;
        Assert.Equal(IntentState.Installed, intent.State);
        Assert.Equal(2, intent.Paths.Length);
        Assert.Equal(lab.Port("s1", 1), intent.Paths[0].Ingress);
        Assert.Equal(lab.Port("s3", 1), intent.Paths[0].Egress);
        Assert.Equal(2, intent.Paths[0].Primary.HopCount);
        Assert.Equal([IntentState.Requested, IntentState.Installed], intent.History.Select(h => h.State));

        long packetIns = lab.Network.PacketInsDelivered;
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        await lab.SendAsync("h3", Frames.Ipv4(h3, h1));

        Assert.Single(h3.Received);
        Assert.Single(h1.Received);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
        Assert.Equal(6, IntentRules(lab).Count);
    }

    [Fact]
    public async Task LinkOnThePathCut_IntentRerouted_TrafficStillDelivered()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"))).Intent!;
        var firstLink = intent.Paths[0].Primary.Path.Links[0].Source;

        lab.Network.Cut(firstLink);
        await lab.SettleAsync();

        IntentInfo now = lab.Controller.Intents.Find(intent.Id)!;
        Assert.Equal(IntentState.Rerouted, now.State);
        Assert.DoesNotContain(now.Paths[0].Primary.Path.Links, l => l.Source == firstLink);
        Assert.Contains("moved", now.Reason, StringComparison.Ordinal);
        long packetIns = lab.Network.PacketInsDelivered;
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        Assert.Single(h3.Received);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
    }

    [Fact]
    public async Task EveryPathCut_IntentFailsNamingWhy_RemovesItsRules_ThenInstalledAgainWhenALinkReturns()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");
        long id = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"))).Intent!.Id;

        lab.Network.Cut(lab.Port("s1", 2));
        lab.Network.Cut(lab.Port("s1", 3));
        await lab.SettleAsync();

        IntentInfo failed = lab.Controller.Intents.Find(id)!;
        Assert.Equal(IntentState.Failed, failed.State);
        Assert.Equal(PathConstraint.Reachability, failed.FailedConstraint);
        Assert.StartsWith("no path", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(failed.Paths);
        Assert.Empty(IntentRules(lab));

        lab.Network.Wire(lab.Port("s1", 3), lab.Port("s4", 2));
        lab.Network.ReportPort(lab.Port("s1", 3), up: true);
        lab.Network.ReportPort(lab.Port("s4", 2), up: true);
        await lab.RunDiscoveryRoundsAsync(2);

        IntentInfo back = lab.Controller.Intents.Find(id)!;
        Assert.Equal(IntentState.Installed, back.State);
        Assert.Equal(
            [IntentState.Requested, IntentState.Installed, IntentState.Rerouted, IntentState.Failed, IntentState.Installed],
            back.History.Select(h => h.State).Where((s, i) => i == 0 || s != back.History[i - 1].State));
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        Assert.Single(h3.Received);
    }

    [Fact]
    public async Task Protected_FastFailoverGroupAtTheIngress_RemovedWithTheIntent()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        lab.ClearSent();

        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3", Protected: true))).Intent!;
        await lab.SettleAsync();

        Assert.True(intent.IsProtected);
        Assert.Equal([lab.Dpid("s1")], intent.Paths[0].FailoverSwitches);
        Assert.Equal([lab.Dpid("s3")], intent.Paths[1].FailoverSwitches);
        GroupMod added = Assert.Single(lab.Switch("s1").Sent.OfType<GroupMod>(), g => g.Command == GroupModCommand.Add);
        Assert.Equal(GroupType.FastFailover, added.GroupType);
        Assert.Equal(IntentCookies.FirstGroupId, added.GroupId);
        uint primaryOut = intent.Paths[0].Primary.Path.Links[0].Source.PortNo;
        uint backupOut = intent.Paths[0].Backup!.Path.Links[0].Source.PortNo;
        Assert.Equal([primaryOut, backupOut], added.Buckets.Select(b => b.WatchPort));
        Assert.NotEqual(primaryOut, backupOut);

        // Both paths have rules: 3 switches each way on the primary, plus the backup's 2 beyond the ingress.
        Assert.Equal(10, IntentRules(lab).Count);

        lab.ClearSent();
        IntentResult removed = await lab.Controller.Intents.RemoveAsync(intent.Id);
        await lab.SettleAsync();

        Assert.Equal(IntentResultStatus.Accepted, removed.Status);
        Assert.Null(lab.Controller.Intents.Find(intent.Id));
        Assert.Empty(IntentRules(lab));
        Assert.Contains(lab.Switch("s1").Sent.OfType<GroupMod>(), g => g.Command == GroupModCommand.Delete && g.GroupId == added.GroupId);
        Assert.Contains(lab.Switch("s3").Sent.OfType<GroupMod>(), g => g.Command == GroupModCommand.Delete);
    }

    [Fact]
    public async Task Protected_PrimaryLinkCut_NewPathWithoutBackup_SaysItRunsUnprotected()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3", Protected: true))).Intent!;

        lab.Network.Cut(intent.Paths[0].Primary.Path.Links[0].Source);
        await lab.SettleAsync();

        IntentInfo now = lab.Controller.Intents.Find(intent.Id)!;
        Assert.Equal(IntentState.Rerouted, now.State);
        Assert.False(now.IsProtected);
        Assert.Contains("unprotected", now.Reason, StringComparison.Ordinal);
        Assert.Equal(intent.Paths[0].Backup!.Path, now.Paths[0].Primary.Path);
    }

    [Theory]
    [InlineData(1, null, PathConstraint.MaxHops, "maxHops")]
    [InlineData(null, "s2,s4", PathConstraint.Avoid, "avoid")]
    public async Task ConstraintNoPathMeets_FailedNamingTheConstraint(int? maxHops, string? avoid, PathConstraint expected, string field)
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        var constraints = new IntentConstraints(MaxHops: maxHops, Avoid: avoid is null ? default : [.. avoid.Split(',')]);

        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3", Constraints: constraints))).Intent!;

        Assert.Equal(IntentState.Failed, intent.State);
        Assert.Equal(expected, intent.FailedConstraint);
        Assert.StartsWith(field + ":", intent.Reason, StringComparison.Ordinal);
        Assert.Empty(IntentRules(lab));
    }

    [Fact]
    public async Task Waypoint_PathGoesThroughIt_BothWays()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);

        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3", Constraints: new IntentConstraints(Waypoints: ["s4"])))).Intent!;

        Assert.Equal(IntentState.Installed, intent.State);
        Assert.All(intent.Paths, p => Assert.Contains(lab.Dpid("s4"), p.Primary.Path.Switches));
    }

    [Fact]
    public async Task PointToPoint_SwitchPortToSwitchPort_OneDirectionOnly()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        FakeHost h1 = lab.Host("h1"), h3 = lab.Host("h3");

        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.PointToPoint, "s1:1", "s3:1"))).Intent!;
        await lab.SettleAsync();

        Assert.Equal(IntentState.Installed, intent.State);
        IntentPath only = Assert.Single(intent.Paths);
        Assert.Equal((lab.Port("s1", 1), lab.Port("s3", 1)), (only.Ingress, only.Egress));
        Assert.Equal(3, IntentRules(lab).Count);
        long packetIns = lab.Network.PacketInsDelivered;
        await lab.SendAsync("h1", Frames.Ipv4(h1, h3));
        Assert.Single(h3.Received);
        Assert.Equal(packetIns, lab.Network.PacketInsDelivered);
    }

    [Fact]
    public async Task SameTrafficTwice_Conflict_UnknownIdOnRemove_NotFound()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        long id = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"))).Intent!.Id;

        IntentResult reversed = await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h3", "h1"));
        IntentResult sameId = await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h2", "h4"), id);
        IntentResult missing = await lab.Controller.Intents.RemoveAsync(id + 100);

        Assert.Equal(IntentResultStatus.Conflict, reversed.Status);
        Assert.Contains($"intent {id}", reversed.Detail, StringComparison.Ordinal);
        Assert.Equal(IntentResultStatus.Conflict, sameId.Status);
        Assert.Equal(IntentResultStatus.NotFound, missing.Status);
        Assert.Single(lab.Controller.Intents.Intents);
    }

    [Fact]
    public async Task UnknownHost_FailedWithEndpointReason()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);

        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h9", Tenant: "shop"))).Intent!;

        Assert.Equal(IntentState.Failed, intent.State);
        Assert.Equal(PathConstraint.Endpoint, intent.FailedConstraint);
        Assert.Contains("'h9'", intent.Reason, StringComparison.Ordinal);
        Assert.Equal("shop", intent.Spec.Tenant);
    }

    [Fact]
    public async Task StateChanges_PublishedAsIntentEventsWithTheTenant()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        using NetworkEventSubscription events = lab.Controller.Subscribe();

        long id = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3", Tenant: "shop"))).Intent!.Id;
        await lab.Controller.Intents.RemoveAsync(id);
        await lab.SettleAsync();

        var seen = new List<IntentEvent>();
        while (events.Reader.TryRead(out NetworkEvent? e))
        {
            if (e is IntentEvent intent)
            {
                seen.Add(intent);
            }
        }

        Assert.Equal([IntentState.Requested, IntentState.Installed, IntentState.Removed], seen.Select(e => e.State));
        Assert.All(seen, e => Assert.Equal((id, "shop"), (e.IntentId, e.Tenant)));
    }

    [Fact]
    public async Task SwitchReconnects_ItsIntentRulesAndGroupsAreSentAgain()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3", Protected: true));
        await lab.SettleAsync();

        var (_, fresh) = lab.Network.Reconnect(lab.Dpid("s1"));
        await lab.RunDiscoveryRoundsAsync(2);

        Assert.Contains(fresh.Sent.OfType<GroupMod>(), g => g.Command == GroupModCommand.Add && g.GroupType == GroupType.FastFailover);
        Assert.NotEmpty(fresh.Table.WithCookieApp(IntentCookies.Application, 0xffff_0000_0000_0000));
    }

    [Fact]
    public async Task Conflicting_FailsNamingTheOwner_InstalledOnceTheOwnerIsRemoved()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        long owner = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.PointToPoint, "s2:1", "s3:1"))).Intent!.Id;

        // A narrower match on the same port is another rule; s1 through s2 to s3 needs owner's very rule on s3 (in_port 3, all traffic).
        IntentInfo second = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.PointToPoint, "s2:1", "s4:1", Match: new IntentMatch(IpProto: 17)))).Intent!;
        IntentInfo third = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.PointToPoint, "s1:1", "s3:1", Constraints: new IntentConstraints(Waypoints: ["s2"])))).Intent!;
        await lab.SettleAsync();

        Assert.Equal(IntentState.Installed, second.State);
        Assert.Equal(IntentState.Failed, third.State);
        Assert.Contains($"intent {owner}", third.Reason, StringComparison.Ordinal);

        await lab.Controller.Intents.RemoveAsync(owner);
        await lab.SettleAsync();

        Assert.Equal(IntentState.Installed, lab.Controller.Intents.Find(third.Id)!.State);
    }

    private static List<FakeFlow> IntentRules(Lab lab) =>
        [.. lab.Network.Switches.Values.SelectMany(s => s.Table.WithCookieApp(IntentCookies.Application, 0xffff_0000_0000_0000))];
}
