using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Tests.Chains;

/// <summary>A chain is installed when its switches confirmed its flow-mods (a barrier after them), and failed when one refused them.</summary>
public class ChainConfirmationTests
{
    private static ChainSpec Spec() => new("c1", "h1", "h3", null, [new ChainAppliance("fw1", "s2:4")]);

    [Fact]
    public async Task AddAsync_ApplianceSwitchHoldsItsBarrier_ChainStaysRequestedUntilItAnswers_ThenInstalled()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        FakeSwitch s2 = lab.Switch("s2");
        s2.HeldBarriers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int before = s2.Barriers;

        Task<ChainResult> adding = lab.Controller.Chains.AddAsync(Spec());
        await WaitForBarrierAsync(lab, s2, before);
        await lab.SettleAsync();

        Assert.Equal(IntentState.Requested, lab.Controller.Chains.Find("c1")!.State);
        Assert.False(adding.IsCompleted);

        s2.HeldBarriers.SetResult();
        ChainResult result = await adding.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(IntentState.Installed, result.Chain!.State);
        Assert.Equal(IntentState.Installed, lab.Controller.Chains.Find("c1")!.State);
    }

    [Fact]
    public async Task RemoveAsync_ApplianceSwitchHoldsItsBarrier_AnswersOnlyOnceItConfirmedTheDeletes()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        ChainInfo chain = (await lab.Controller.Chains.AddAsync(Spec())).Chain!;
        Assert.Equal(IntentState.Installed, chain.State);
        FakeSwitch s2 = lab.Switch("s2");
        s2.HeldBarriers = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int before = s2.Barriers;

        Task<ChainResult> removing = lab.Controller.Chains.RemoveAsync("c1");
        await WaitForBarrierAsync(lab, s2, before);
        await lab.SettleAsync();

        Assert.Null(lab.Controller.Chains.Find("c1"));
        Assert.Contains(s2.FlowMods, f => f.Command == FlowModCommand.DeleteStrict && f.Cookie == ChainCookies.Of(chain.Id));
        Assert.False(removing.IsCompleted);

        s2.HeldBarriers.SetResult();
        ChainResult removed = await removing.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(IntentResultStatus.Accepted, removed.Status);
    }

    [Fact]
    public async Task SwitchRefusesAChainFlowMod_ChainFailedNamingTheSwitchAndError()
    {
        await using Lab lab = await Lab.StartAsync(TestTopologies.Square(), declare: true);
        ChainInfo chain = (await lab.Controller.Chains.AddAsync(Spec())).Chain!;
        Assert.Equal(IntentState.Installed, chain.State);
        FakeSwitch s2 = lab.Switch("s2");
        FlowMod refused = s2.FlowMods.First(f => f.Cookie == ChainCookies.Of(chain.Id));

        lab.Controller.ErrorReceived(s2, new ErrorMessage { ErrorType = OfpErrorType.BadAction, Code = (ushort)BadActionCode.BadOutPort, Xid = refused.Xid }, refused);
        await lab.SettleAsync();

        ChainInfo failed = lab.Controller.Chains.Find("c1")!;
        Assert.Equal(IntentState.Failed, failed.State);
        Assert.Contains("0000000000000002", failed.Reason, StringComparison.Ordinal);
        Assert.Contains("BadAction/BadOutPort", failed.Reason, StringComparison.Ordinal);
    }

    private static async Task WaitForBarrierAsync(Lab lab, FakeSwitch sw, int before)
    {
        // The barrier is asked for right after the chain's flow-mods are flushed, on the loop.
        for (int i = 0; i < 10_000 && sw.Barriers == before; i++)
        {
            await lab.Controller.QuiesceAsync();
        }

        Assert.True(sw.Barriers > before, "no barrier was sent");
    }
}
