using SdnCtl.Control.Chains;
using SdnCtl.Control.Network;
using SdnCtl.Control.Paths;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Chains;

public class ChainCompilerTests
{
    private const long ChainId = 5;
    private static readonly OxmEntry[] s_match = [OxmEntry.EthSrc(0x01), OxmEntry.EthDst(0x03)];

    [Fact]
    public void Compile_TwoAppliances_EachLegSteeredByInPort_AppliancesInOrderInTheHops()
    {
        // Linear s1:2-s2:2, s2:3-s3:2; h1 at s1:1, fw1 at s2:4, fw2 at s3:4, h3 at s3:1.
        ChainLeg[] legs =
        [
            new(new(1, 1), new(2, 4), Path(1, 2, (1, 2, 2, 2)), "fw1"),
            new(new(2, 4), new(3, 4), Path(2, 3, (2, 3, 3, 2)), "fw2"),
            new(new(3, 4), new(3, 1), Path(3, 3), null),
        ];

        CompiledChain c = ChainCompiler.Compile(ChainId, 0, ChainManager.RulePriority, legs, s_match);

        Assert.Null(c.Conflict);
        Assert.Equal(
            [(1ul, 1u, 2u), (2ul, 2u, 4u), (2ul, 4u, 3u), (3ul, 2u, 4u), (3ul, 4u, 1u)],
            c.Rules.Select(r => (r.Key.DatapathId, (uint)r.Value.Match[0].Value, (uint)r.Value.Instructions[0].Actions[0].Argument)).Order());
        Assert.All(c.Rules.Values, r =>
        {
            Assert.Equal(ChainCookies.Of(ChainId), r.Cookie);
            Assert.Equal(ChainManager.RulePriority, r.Priority);
            Assert.Equal(s_match, r.Match.Skip(1));
        });
        Assert.Equal(
            ["s1 1>2", "s2 2>4", "fw1", "s2 4>3", "s3 2>4", "fw2", "s3 4>1"],
            c.Hops.Select(h => h.Appliance ?? $"s{h.DatapathId} {h.InPort}>{h.OutPort}"));
    }

    [Fact]
    public void Compile_LegEndingOnThePortItStartsAt_OutputsToInPort()
    {
        // OpenFlow drops a frame output to its own in_port unless the action says OFPP_IN_PORT.
        ChainLeg[] legs = [new(new(1, 4), new(1, 4), Path(1, 1), "fw1")];

        CompiledChain c = ChainCompiler.Compile(ChainId, 0, ChainManager.RulePriority, legs, s_match);

        Assert.Contains(c.Rules.Values, r => (uint)r.Match[0].Value == 4 && r.Instructions[0].Actions[0].Argument == OfpPortNo.InPort);
    }

    [Fact]
    public void Compile_TwoLegsEnterASwitchByTheSamePortToLeaveDifferently_ReportsAConflictAndNoRules()
    {
        // Legs 1 and 3 both enter s2 by port 2 with the same classifier: one must go to fw1, the other to h2.
        ChainLeg[] legs =
        [
            new(new(1, 1), new(2, 4), Path(1, 2, (1, 2, 2, 2)), "fw1"),
            new(new(2, 4), new(1, 4), Path(2, 1, (2, 2, 1, 2)), "fw2"),
            new(new(1, 4), new(2, 1), Path(1, 2, (1, 2, 2, 2)), null),
        ];

        CompiledChain c = ChainCompiler.Compile(ChainId, 0, ChainManager.RulePriority, legs, s_match);

        Assert.NotNull(c.Conflict);
        Assert.Contains("in_port", c.Conflict, StringComparison.Ordinal);
        Assert.Empty(c.Rules);
    }

    private static NetworkPath Path(ulong from, ulong to, params (ulong A, uint PortA, ulong B, uint PortB)[] links) =>
        new(from, to, [.. links.Select(l => new LinkInfo(new SwitchPort(l.A, l.PortA), new SwitchPort(l.B, l.PortB), DateTimeOffset.UnixEpoch, null, null))]);
}
