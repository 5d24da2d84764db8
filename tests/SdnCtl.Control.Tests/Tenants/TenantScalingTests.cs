using System.Diagnostics;
using System.Globalization;
using SdnCtl.Control.Tenants;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;
using Xunit.Abstractions;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>
/// Tenant compilation on a k=16 fat-tree (320 switches, 1,024 hosts): rules per edge switch grow
/// with its local members, not with all hosts. Times are reported, never asserted.
/// </summary>
public sealed class TenantScalingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FatTreeK16_SegmentsOf100Members_RulesPerSwitchStayLinearInLocalMembers()
    {
        TopologyDocument document = TopologyGenerators.FatTree(16);
        await using Lab lab = await Lab.StartAsync(document, declare: true);
        Assert.Equal(320, lab.Topology.Switches.Length);
        ITenantService tenants = lab.Controller.Tenants;
        Assert.Equal(TenantResultStatus.Created, (await tenants.AddTenantAsync("t")).Status);
        var hostSwitch = document.Hosts.ToDictionary(h => h.Mac, h => document.FindSwitch(h.Attachment.Switch)!.DatapathId);
        var trunkRules = (await tenants.CountRulesAsync()).ToDictionary();
        output.WriteLine($"trunk rules only: max {trunkRules.Values.Max()} per switch");

        var localMembers = new Dictionary<ulong, int>();
        for (int segment = 1; segment <= 8; segment++)
        {
            // 100 members spread over the fabric: every 10th host, shifted per segment.
            MemberSpec[] members = [.. document.Hosts.Skip(segment - 1).Where((_, i) => i % 10 == 0).Take(100).Select(h => MemberSpec.ForMac(h.Mac))];
            Assert.Equal(100, members.Length);
            long flowModsBefore = lab.Controller.Stats.FlowModsSent;
            var watch = Stopwatch.StartNew();
            TenantResult result = await tenants.AddSegmentAsync("t", new SegmentSpec($"s{segment}", SegmentKind.Vlan, (uint)(100 + segment), null, 0, members));
            watch.Stop();
            Assert.Equal(TenantResultStatus.Created, result.Status);
            await lab.SettleAsync();
            foreach (MemberSpec m in members)
            {
                localMembers[hostSwitch[m.Mac]] = localMembers.GetValueOrDefault(hostSwitch[m.Mac]) + 1;
            }

            IReadOnlyDictionary<ulong, int> rules = await tenants.CountRulesAsync();
            var tenantRules = rules.ToDictionary(kv => kv.Key, kv => kv.Value - trunkRules.GetValueOrDefault(kv.Key));
            int edgeMax = localMembers.Keys.Max(dpid => tenantRules[dpid]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"segments={segment} apply={watch.Elapsed.TotalMilliseconds:F1}ms flowmods={lab.Controller.Stats.FlowModsSent - flowModsBefore} " +
                $"rules/switch max={tenantRules.Values.Max()} mean={tenantRules.Values.Average():F1} edge-max={edgeMax} total={tenantRules.Values.Sum()}"));

            // Per segment present on a switch: at most 3 shared rules (flood, unicast, learn) plus
            // 2 per local member (ingress classification and delivery).
            foreach (var (dpid, count) in tenantRules)
            {
                int local = localMembers.GetValueOrDefault(dpid);
                Assert.True(count <= (3 * segment) + (2 * local), $"switch {dpid:x}: {count} tenant rules for {local} local members in {segment} segments");
            }
        }
    }

    [Fact]
    public async Task FatTreeK16_VxlanSegmentsOf100Members_RulesPerVtepLinearInMemberVteps()
    {
        // Every edge switch (the ones with hosts) is a VTEP, as each server's virtual switch would be.
        TopologyDocument fatTree = TopologyGenerators.FatTree(16);
        var edges = fatTree.Hosts.Select(h => h.Attachment.Switch).ToHashSet(StringComparer.Ordinal);
        uint next = 0xC0A8_0000;
        TopologyDocument document = fatTree with
        {
            Switches = [.. fatTree.Switches.Select(s => edges.Contains(s.Name) ? s with { Vtep = new VtepSpec(++next, s.Ports[0].Number) } : s)],
        };
        await using Lab lab = await Lab.StartAsync(document, declare: true);
        ITenantService tenants = lab.Controller.Tenants;
        Assert.Equal(TenantResultStatus.Created, (await tenants.AddTenantAsync("t")).Status);
        var hostSwitch = document.Hosts.ToDictionary(h => h.Mac, h => document.FindSwitch(h.Attachment.Switch)!.DatapathId);
        var shared = (await tenants.CountRulesAsync()).ToDictionary();
        output.WriteLine($"shared rules (trunks, tunnel drops, underlay routes to {edges.Count} VTEPs): max {shared.Values.Max()} per switch");

        var bound = new Dictionary<ulong, int>();
        for (int segment = 1; segment <= 4; segment++)
        {
            MemberSpec[] members = [.. document.Hosts.Skip(segment - 1).Where((_, i) => i % 10 == 0).Take(100).Select(h => MemberSpec.ForMac(h.Mac))];
            var watch = Stopwatch.StartNew();
            TenantResult result = await tenants.AddSegmentAsync("t", new SegmentSpec($"x{segment}", SegmentKind.Vxlan, (uint)(5000 + segment), null, 0, members));
            watch.Stop();
            Assert.Equal(TenantResultStatus.Created, result.Status);
            await lab.SettleAsync();

            // Per VTEP with local members: flood and unknown-unicast (2), per other member VTEP a
            // tunnel classification, a tunnel flood and a split-horizon drop (3), per local member a
            // classification and a delivery (2), per member elsewhere one unicast rule (1).
            var local = members.GroupBy(m => hostSwitch[m.Mac]).ToDictionary(g => g.Key, g => g.Count());
            foreach (var (dpid, count) in local)
            {
                bound[dpid] = bound.GetValueOrDefault(dpid) + 2 + (3 * (local.Count - 1)) + (2 * count) + (members.Length - count);
            }

            IReadOnlyDictionary<ulong, int> rules = await tenants.CountRulesAsync();
            var tenantRules = rules.ToDictionary(kv => kv.Key, kv => kv.Value - shared.GetValueOrDefault(kv.Key));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"vxlan segments={segment} apply={watch.Elapsed.TotalMilliseconds:F1}ms member-vteps={local.Count} rules/vtep max={tenantRules.Values.Max()} total={tenantRules.Values.Sum()}"));
            foreach (var (dpid, count) in tenantRules)
            {
                Assert.True(count <= bound.GetValueOrDefault(dpid), $"switch {dpid:x}: {count} tenant rules, bound {bound.GetValueOrDefault(dpid)}");
            }
        }
    }
}
