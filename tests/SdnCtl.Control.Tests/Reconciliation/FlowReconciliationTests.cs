using SdnCtl.Control.Intents;
using SdnCtl.Control.Reconciliation;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Reconciliation;

public class FlowReconciliationTests
{
    private const ulong Cookie = 0x5dc7_0000_0000_0003;

    [Fact]
    public void Diff_SwitchHoldsExactlyTheDesiredRule_KeptAndNothingToSend()
    {
        FlowMod want = Rule(1, [OxmEntry.InPort(1), OxmEntry.EthDst(0x02)], OfpAction.Output(2));

        FlowDiff diff = FlowReconciliation.Diff([want], [Reported(want)]);

        Assert.True(diff.IsEmpty);
        Assert.Equal(1, diff.Kept);
    }

    [Fact]
    public void Diff_MatchReportedInOtherOrderWithFullMask_SameRule_Kept()
    {
        FlowMod want = Rule(1, [OxmEntry.InPort(1), OxmEntry.EthDst(0x02)], OfpAction.Output(2));
        FlowStatsEntry reported = Reported(want);
        reported.Match = [OxmEntry.EthDst(0x02, 0xffff_ffff_ffff), OxmEntry.InPort(1)];

        FlowDiff diff = FlowReconciliation.Diff([want], [reported]);

        Assert.True(diff.IsEmpty);
        Assert.Equal(1, diff.Kept);
    }

    [Fact]
    public void Diff_InstructionsReportedInExecutionOrder_SameRule_Kept()
    {
        FlowMod want = Rule(1, [OxmEntry.InPort(1)], OfpAction.PushVlan());
        want.Instructions = [OfpInstruction.ApplyActions([OfpAction.PushVlan()]), OfpInstruction.GotoTable(1), OfpInstruction.Meter(4)];
        FlowStatsEntry reported = Reported(want);
        reported.Instructions = [OfpInstruction.Meter(4), OfpInstruction.ApplyActions([OfpAction.PushVlan()]), OfpInstruction.GotoTable(1)];

        Assert.Equal(1, FlowReconciliation.Diff([want], [reported]).Kept);
    }

    [Theory]
    [InlineData("actions")]
    [InlineData("cookie")]
    [InlineData("idle")]
    public void Diff_SameIdentityOtherContent_DriftedReAddedAsAFreshCopy(string what)
    {
        FlowMod want = Rule(1, [OxmEntry.InPort(1)], OfpAction.Output(2));
        want.Xid = 99;
        FlowStatsEntry reported = Reported(want);
        switch (what)
        {
            case "actions": reported.Instructions = [OfpInstruction.ApplyActions([OfpAction.Output(3)])]; break;
            case "cookie": reported.Cookie = Cookie + 1; break;
            default: reported.IdleTimeout = 10; break;
        }

        FlowDiff diff = FlowReconciliation.Diff([want], [reported]);

        FlowMod add = Assert.Single(diff.Drifted);
        Assert.Empty(diff.Missing);
        Assert.Empty(diff.Strays);
        Assert.Equal(0, diff.Kept);
        Assert.NotSame(want, add);
        Assert.Equal(0u, add.Xid);
        Assert.Equal(FlowModCommand.Add, add.Command);
        Assert.Equal(want.Instructions, add.Instructions);
        Assert.Equal(want.Cookie, add.Cookie);
    }

    [Fact]
    public void Diff_StrayAndMissing_StrayDeletedStrictlyByItsOwnCookie_MissingAdded()
    {
        FlowMod want = Rule(1, [OxmEntry.InPort(1)], OfpAction.Output(2));
        FlowMod other = Rule(2, [OxmEntry.InPort(5), OxmEntry.EthSrc(0x07)], OfpAction.Output(6));
        FlowStatsEntry stray = Reported(other);
        stray.Cookie = Cookie + 7;

        FlowDiff diff = FlowReconciliation.Diff([want], [stray]);

        FlowMod add = Assert.Single(diff.Missing);
        Assert.Equal(want.Match, add.Match);
        FlowMod delete = Assert.Single(diff.Strays);
        Assert.Equal(FlowModCommand.DeleteStrict, delete.Command);
        Assert.Equal((stray.TableId, stray.Priority, Cookie + 7, ulong.MaxValue), (delete.TableId, delete.Priority, delete.Cookie, delete.CookieMask));
        Assert.Equal(stray.Match, delete.Match);
    }

    [Fact]
    public void Diff_SameMatchOtherPriorityOrTable_AreOtherRules()
    {
        FlowMod want = Rule(1, [OxmEntry.InPort(1)], OfpAction.Output(2));
        FlowStatsEntry otherPriority = Reported(want);
        otherPriority.Priority++;
        FlowStatsEntry otherTable = Reported(want);
        otherTable.TableId = 1;

        FlowDiff diff = FlowReconciliation.Diff([want], [otherPriority, otherTable]);

        Assert.Single(diff.Missing);
        Assert.Equal(2, diff.Strays.Count);
    }

    [Fact]
    public void DiffGroups_KeptDriftedMissingAndStrays_OnlyStraysInOurRangeDeleted()
    {
        GroupMod kept = Group(IntentCookies.FirstGroupId, 2, 3);
        GroupMod drifted = Group(IntentCookies.FirstGroupId + 1, 2, 3);
        GroupMod missing = Group(IntentCookies.FirstGroupId + 2, 4, 5);
        GroupDescEntry[] reported =
        [
            Reported(kept),
            Reported(Group(drifted.GroupId, 3, 2)),
            Reported(Group(IntentCookies.FirstGroupId + 9, 1, 2)), // ours, nobody wants it
            Reported(Group(7, 1, 2)),                            // an operator's group
        ];

        GroupDiff diff = FlowReconciliation.DiffGroups([kept, drifted, missing], reported, IntentCookies.IsIntentGroup);

        Assert.Equal(1, diff.Kept);
        GroupMod modify = Assert.Single(diff.Drifted);
        Assert.Equal((GroupModCommand.Modify, drifted.GroupId), (modify.Command, modify.GroupId));
        Assert.Equal(drifted.Buckets, modify.Buckets);
        GroupMod add = Assert.Single(diff.Missing);
        Assert.Equal((GroupModCommand.Add, missing.GroupId, GroupType.FastFailover), (add.Command, add.GroupId, add.GroupType));
        GroupMod delete = Assert.Single(diff.Strays);
        Assert.Equal((GroupModCommand.Delete, IntentCookies.FirstGroupId + 9), (delete.Command, delete.GroupId));
    }

    [Fact]
    public void DiffGroups_SameBucketsOtherType_Modified()
    {
        GroupMod want = Group(IntentCookies.FirstGroupId, 2, 3);
        GroupDescEntry reported = Reported(want);
        reported.GroupType = GroupType.Select;

        GroupDiff diff = FlowReconciliation.DiffGroups([want], [reported], IntentCookies.IsIntentGroup);

        Assert.Equal(GroupType.FastFailover, Assert.Single(diff.Drifted).GroupType);
    }

    private static FlowMod Rule(ushort priority, List<OxmEntry> match, OfpAction action) => new()
    {
        Command = FlowModCommand.Add,
        Priority = priority,
        Cookie = Cookie,
        Match = match,
        Instructions = [OfpInstruction.ApplyActions([action])],
    };

    private static FlowStatsEntry Reported(FlowMod mod) => new()
    {
        TableId = mod.TableId,
        Priority = mod.Priority,
        Cookie = mod.Cookie,
        IdleTimeout = mod.IdleTimeout,
        HardTimeout = mod.HardTimeout,
        Flags = mod.Flags,
        PacketCount = 12,
        ByteCount = 1200,
        Match = [.. mod.Match],
        Instructions = [.. mod.Instructions],
    };

    private static GroupMod Group(uint id, uint primary, uint backup) => new()
    {
        Command = GroupModCommand.Add,
        GroupType = GroupType.FastFailover,
        GroupId = id,
        Buckets =
        [
            new OfpBucket { WatchPort = primary, Actions = [OfpAction.Output(primary)] },
            new OfpBucket { WatchPort = backup, Actions = [OfpAction.Output(backup)] },
        ],
    };

    private static GroupDescEntry Reported(GroupMod mod) => new() { GroupId = mod.GroupId, GroupType = mod.GroupType, Buckets = [.. mod.Buckets] };
}
