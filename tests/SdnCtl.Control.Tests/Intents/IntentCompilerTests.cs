using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Intents;

public class IntentCompilerTests
{
    private const long IntentId = 7;
    private static readonly OxmEntry[] s_hostMatch = [OxmEntry.EthSrc(0x01), OxmEntry.EthDst(0x03)];

    [Fact]
    public void Compile_UnprotectedPath_OneInPortRulePerSwitchCarryingTheIntentCookie()
    {
        NetworkPath path = Path(1, 3, (1, 2, 2, 2), (2, 3, 3, 2));

        CompiledIntent c = IntentCompiler.Compile(IntentId, 0, IntentManager.RulePriority, [new DirectionPlan(new(1, 1), new(3, 1), path, null, s_hostMatch)], NoGroups);

        Assert.Empty(c.Groups);
        Assert.Equal(
            [(1ul, 1u, "output 2"), (2ul, 2u, "output 3"), (3ul, 2u, "output 1")],
            Rules(c));
        Assert.All(c.Rules.Values, r =>
        {
            Assert.Equal(IntentCookies.Of(IntentId), r.Cookie);
            Assert.Equal(IntentManager.RulePriority, r.Priority);
            Assert.Equal(FlowModCommand.Add, r.Command);
            Assert.Equal(s_hostMatch, r.Match.Skip(1));
        });
        Assert.Equal([[]], c.FailoverSwitches);
    }

    [Fact]
    public void Compile_ProtectedSquare_FastFailoverGroupAtIngressWatchingThePrimaryPort_BackupSwitchesGetInPortRules()
    {
        // Square: s1:2-s2:3, s2:2-s3:3, s3:2-s4:3, s4:2-s1:3.
        NetworkPath primary = Path(1, 3, (1, 2, 2, 3), (2, 2, 3, 3));
        NetworkPath backup = Path(1, 3, (1, 3, 4, 2), (4, 3, 3, 2));

        CompiledIntent c = IntentCompiler.Compile(IntentId, 0, IntentManager.RulePriority, [new DirectionPlan(new(1, 1), new(3, 1), primary, backup, s_hostMatch)], (d, dpid) => 100 + (uint)dpid);

        var ((dpid, groupId), group) = Assert.Single(c.Groups);
        Assert.Equal((1ul, 101u), (dpid, groupId));
        Assert.Equal(GroupType.FastFailover, group.GroupType);
        Assert.Equal(GroupModCommand.Add, group.Command);
        Assert.Equal([(2u, 2u), (3u, 3u)], group.Buckets.Select(b => (b.WatchPort, Assert.Single(b.Actions).Argument)));
        Assert.Equal(
            [(1ul, 1u, "group 101"), (2ul, 3u, "output 2"), (3ul, 3u, "output 1"), (3ul, 2u, "output 1"), (4ul, 2u, "output 3")],
            Rules(c));
        Assert.Equal([[1ul]], c.FailoverSwitches);
    }

    [Fact]
    public void Compile_BackupMeetingThePrimaryAgain_AddsAGroupWhereTheyMeet()
    {
        // Primary 1-2-3-4; backup 1-5-3-6-4 crosses the primary's switch 3 and leaves it by another port.
        NetworkPath primary = Path(1, 4, (1, 2, 2, 1), (2, 2, 3, 1), (3, 2, 4, 1));
        NetworkPath backup = Path(1, 4, (1, 3, 5, 1), (5, 2, 3, 3), (3, 4, 6, 1), (6, 2, 4, 2));

        CompiledIntent c = IntentCompiler.Compile(IntentId, 0, IntentManager.RulePriority, [new DirectionPlan(new(1, 9), new(4, 9), primary, backup, s_hostMatch)], (d, dpid) => 100 + (uint)dpid);

        Assert.Equal([(1ul, 101u), (3ul, 103u)], c.Groups.Keys.Order());
        GroupMod atMeeting = c.Groups[(3, 103)];
        Assert.Equal([(2u, 2u), (4u, 4u)], atMeeting.Buckets.Select(b => (b.WatchPort, Assert.Single(b.Actions).Argument)));
        Assert.Contains((3ul, 1u, "group 103"), Rules(c));
        Assert.Contains((3ul, 3u, "output 4"), Rules(c));
        Assert.Equal([[1ul, 3ul]], c.FailoverSwitches);
    }

    [Fact]
    public void Compile_BothDirections_HaveDistinctMatchesAndGroupsPerDirection()
    {
        NetworkPath forward = Path(1, 2, (1, 2, 2, 2));
        NetworkPath back = Path(2, 1, (2, 2, 1, 2));
        OxmEntry[] reverseMatch = [OxmEntry.EthSrc(0x03), OxmEntry.EthDst(0x01)];
        var asked = new List<(int, ulong)>();

        CompiledIntent c = IntentCompiler.Compile(IntentId, 0, 1, [new DirectionPlan(new(1, 1), new(2, 1), forward, null, s_hostMatch), new DirectionPlan(new(2, 1), new(1, 1), back, null, reverseMatch)], (d, dpid) =>
        {
            asked.Add((d, dpid));
            return 1;
        });

        Assert.Equal(4, c.Rules.Count);
        Assert.Empty(asked);
        Assert.Equal(2, c.Rules.Values.Count(r => r.Match.Contains(OxmEntry.EthDst(0x01))));
    }

    private static uint NoGroups(int direction, ulong dpid) => throw new InvalidOperationException("no group expected");

    /// <summary>A path from links given as (switch, port, next switch, its port).</summary>
    private static NetworkPath Path(ulong from, ulong to, params (ulong A, uint PortA, ulong B, uint PortB)[] links) =>
        new(from, to, [.. links.Select(l => new LinkInfo(new SwitchPort(l.A, l.PortA), new SwitchPort(l.B, l.PortB), DateTimeOffset.UnixEpoch, null, null))]);

    private static List<(ulong Dpid, uint InPort, string Action)> Rules(CompiledIntent c) =>
        [.. c.Rules.Select(r => (r.Key.DatapathId, (uint)r.Value.Match[0].Value, Describe(Assert.Single(Assert.Single(r.Value.Instructions).Actions))))
            .OrderBy(r => r.DatapathId).ThenByDescending(r => r.Item2)];

    private static string Describe(OfpAction a) => a.Type == OfpActionType.Group ? $"group {a.Argument}" : $"output {a.Argument}";
}
