using SdnCtl.Control.Core;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Forwarding;

/// <summary>
/// Trees that are one rule on the host's own switch are kept as their root alone (no RouteTree); they
/// must behave exactly like the trees they stand for once anything else happens to them.
/// </summary>
public class RootOnlyTreeTests
{
    private const ulong B = 0x02_00_00_00_00_0b;

    [Fact]
    public void ApplyChanges_RootOnlyTreeWhoseHostMoved_ReinstallsTheRuleWhereTheHostIsNow()
    {
        var (state, forwarding, outbox, s1) = OneSwitch();
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);
        Assert.Empty(outbox.MessagesFor(s1.DatapathId));
        Assert.Equal((1, 1), (forwarding.RouteCount, forwarding.RuleCount));

        state.BeginInput(DateTimeOffset.UnixEpoch);
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 3), 0x0a000002);
        forwarding.ApplyChanges(state, outbox);

        Assert.Equal(new Dictionary<ulong, uint> { [s1.DatapathId] = 3 }, forwarding.HopsToward(B));
        FlowMod fix = Assert.IsType<FlowMod>(Assert.Single(outbox.MessagesFor(s1.DatapathId)));
        Assert.Equal(FlowModCommand.Add, fix.Command);
        Assert.Equal(3u, fix.Instructions[0].Actions[0].Argument);
        Assert.Equal((1, 1), (forwarding.RouteCount, forwarding.RuleCount));
    }

    [Fact]
    public void ApplyChanges_RootOnlyTreeWhoseHostWasRemoved_DeletesTheRuleAndForgetsTheTree()
    {
        var (state, forwarding, outbox, s1) = OneSwitch();
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);

        state.BeginInput(DateTimeOffset.UnixEpoch);
        Assert.True(state.RemoveHost(B));
        forwarding.ApplyChanges(state, outbox);

        Assert.Null(forwarding.HopsToward(B));
        FlowMod delete = Assert.IsType<FlowMod>(Assert.Single(outbox.MessagesFor(s1.DatapathId)));
        Assert.Equal(FlowModCommand.Delete, delete.Command);
        Assert.Equal(FlowCookies.Forwarding(B), delete.Cookie);
        Assert.Equal((0, 0), (forwarding.RouteCount, forwarding.RuleCount));
    }

    [Fact]
    public void OnRuleLost_RootOnlyTree_ForgetsItSoTheNextPacketReinstallsIt()
    {
        var (state, forwarding, outbox, s1) = OneSwitch();
        state.ObserveHost(B, new SwitchPort(s1.DatapathId, 2), 0x0a000002);
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);

        forwarding.OnRuleLost(state, s1.DatapathId, B, outbox);

        Assert.Null(forwarding.HopsToward(B));
        Assert.Empty(outbox.MessagesFor(s1.DatapathId));
        Assert.Equal((0, 0), (forwarding.RouteCount, forwarding.RuleCount));

        // And a later answer makes it again, counted once.
        forwarding.ApplyFastAnswer(state, s1.DatapathId, B, 2, outbox);
        Assert.Equal(new Dictionary<ulong, uint> { [s1.DatapathId] = 2 }, forwarding.HopsToward(B));
        Assert.Equal((1, 1), (forwarding.RouteCount, forwarding.RuleCount));
    }

    private static (NetworkState State, ReactiveForwarding Forwarding, Outbox Outbox, SwitchEntry S1) OneSwitch()
    {
        var network = new FakeNetwork();
        var state = new NetworkState(declared: null);
        var forwarding = new ReactiveForwarding(new ControllerOptions(), HopCountPathService.Instance);
        state.BeginInput(DateTimeOffset.UnixEpoch);
        SwitchEntry s1 = state.AddSwitch(network.AddSwitch(1, "s1", [1, 2, 3, 4]));
        return (state, forwarding, new Outbox(), s1);
    }
}
