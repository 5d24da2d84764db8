using SdnCtl.Control.Events;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Intents;

/// <summary>An intent is installed when its switches confirmed its flow-mods (a barrier after them), and failed when one refused them.</summary>
public class IntentConfirmationTests
{
    [Fact]
    public async Task AddAsync_OneSwitchHoldsItsBarrier_IntentStaysRequestedUntilItAnswers_ThenInstalled()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        FakeSwitch s3 = lab.Switch("s3");
        s3.HeldBarriers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int barriersBefore = s3.Barriers;

        Task<IntentResult> adding = lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"));
        await ControlPlaneWaitsForBarrier(lab, s3, barriersBefore);
        await lab.SettleAsync();

        IntentInfo waiting = Assert.Single(lab.Controller.Intents.Intents);
        Assert.Equal(IntentState.Requested, waiting.State);
        Assert.False(adding.IsCompleted);
        Assert.Contains(s3.FlowMods, f => IntentCookies.IsIntentRule(f.Cookie));

        s3.HeldBarriers.SetResult();
        IntentResult result = await adding.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(IntentState.Installed, result.Intent!.State);
        Assert.Equal([IntentState.Requested, IntentState.Installed], result.Intent.History.Select(h => h.State));
        Assert.Equal(IntentState.Installed, lab.Controller.Intents.Find(result.Intent.Id)!.State);
    }

    [Fact]
    public async Task RemoveAsync_OneSwitchHoldsItsBarrier_AnswersOnlyOnceItConfirmedTheDeletes()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"))).Intent!;
        Assert.Equal(IntentState.Installed, intent.State);
        FakeSwitch s3 = lab.Switch("s3");
        Assert.Contains(s3.FlowMods, f => IntentCookies.IsIntentRule(f.Cookie));
        s3.HeldBarriers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int barriersBefore = s3.Barriers;

        Task<IntentResult> removing = lab.Controller.Intents.RemoveAsync(intent.Id);
        await ControlPlaneWaitsForBarrier(lab, s3, barriersBefore);
        await lab.SettleAsync();

        // The deletes went out and the intent is gone from the list, but the caller is not told
        // "removed" while a switch has not confirmed them.
        Assert.Null(lab.Controller.Intents.Find(intent.Id));
        Assert.Contains(s3.FlowMods, f => f.Command == FlowModCommand.DeleteStrict && IntentCookies.IsIntentRule(f.Cookie));
        Assert.False(removing.IsCompleted);

        s3.HeldBarriers.SetResult();
        IntentResult removed = await removing.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(IntentResultStatus.Accepted, removed.Status);
    }

    [Fact]
    public async Task SwitchRefusesAnIntentFlowMod_IntentFailedNamingTheSwitchAndError_ItsRulesRemoved_EventPublished()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        using NetworkEventSubscription events = lab.Controller.Subscribe();
        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"))).Intent!;
        Assert.Equal(IntentState.Installed, intent.State);
        FakeSwitch s1 = lab.Switch("s1");
        FlowMod refused = s1.FlowMods.First(f => f.Cookie == IntentCookies.Of(intent.Id));

        lab.Controller.ErrorReceived(s1, new ErrorMessage { ErrorType = OfpErrorType.FlowModFailed, Code = (ushort)FlowModFailedCode.TableFull, Xid = refused.Xid }, refused);
        await lab.SettleAsync();

        IntentInfo failed = lab.Controller.Intents.Find(intent.Id)!;
        Assert.Equal(IntentState.Failed, failed.State);
        Assert.Contains("0000000000000001", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("FlowModFailed/TableFull", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(failed.Paths);
        Assert.Empty(lab.Network.Switches.Values.SelectMany(s => s.Table.WithCookieApp(IntentCookies.Application, Control.Forwarding.FlowCookies.ApplicationMask)));
        Assert.Contains(Drain(events), e => e is IntentEvent { State: IntentState.Failed } ie && ie.IntentId == intent.Id && ie.Reason!.Contains("TableFull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwitchRefusesADelete_IntentStaysInstalled()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        IntentInfo intent = (await lab.Controller.Intents.AddAsync(new IntentSpec(IntentKind.HostToHost, "h1", "h3"))).Intent!;
        var delete = new FlowMod { Command = FlowModCommand.DeleteStrict, Cookie = IntentCookies.Of(intent.Id), Xid = 4711 };

        lab.Controller.ErrorReceived(lab.Switch("s1"), new ErrorMessage { ErrorType = OfpErrorType.FlowModFailed, Code = (ushort)FlowModFailedCode.Unknown, Xid = 4711 }, delete);
        await lab.SettleAsync();

        Assert.Equal(IntentState.Installed, lab.Controller.Intents.Find(intent.Id)!.State);
    }

    private static async Task ControlPlaneWaitsForBarrier(Lab lab, FakeSwitch sw, int before)
    {
        // The barrier is asked for right after the intent's flow-mods are flushed, on the loop.
        for (int i = 0; i < 10_000 && sw.Barriers == before; i++)
        {
            await lab.Controller.QuiesceAsync();
        }

        Assert.True(sw.Barriers > before, "no barrier was sent");
    }

    private static List<NetworkEvent> Drain(NetworkEventSubscription subscription)
    {
        var list = new List<NetworkEvent>();
        while (subscription.Reader.TryRead(out NetworkEvent? e))
        {
            list.Add(e);
        }

        return list;
    }
}
