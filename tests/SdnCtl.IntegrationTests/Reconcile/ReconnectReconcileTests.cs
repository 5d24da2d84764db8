using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Api.Dtos;
using SdnCtl.Cli.Hosting;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Reconciliation;
using SdnCtl.Control.Switches;
using SdnCtl.Control.Tenants;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Transport;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Reconcile;

/// <summary>
/// The reconnect test of issue 8 over real TCP: a switch with tenant rules, intent rules and a
/// fast-failover group goes away; meanwhile the controller's desired state changes and the switch's
/// table is tampered with; when it comes back its rules and groups equal the desired state, and the
/// rules nothing changed kept their counters (the very same entries, untouched).
/// </summary>
public sealed class ReconnectReconcileTests : IAsyncLifetime
{
    private const ulong S1 = 1;
    private const uint StrayGroup = IntentCookies.FirstGroupId + 0x41;
    private const uint OperatorGroup = 7;
    private const int Frames = 5;

    // A triangle, so a protected intent between s1 and s2 has a link-disjoint backup through s3.
    private const string Topology = """
        name: reconcile
        switches:
          - { name: s1, dpid: 1, ports: 5 }
          - { name: s2, dpid: 2, ports: 5 }
          - { name: s3, dpid: 3, ports: 5 }
        links:
          - [s1:2, s2:2]
          - [s2:3, s3:2]
          - [s3:3, s1:3]
        hosts:
          - { name: h1, mac: "00:00:00:00:00:01", ip: 10.0.0.1/24, at: s1:1 }
          - { name: h2, mac: "00:00:00:00:00:02", ip: 10.0.0.2/24, at: s2:1 }
          - { name: h3, mac: "00:00:00:00:00:03", ip: 10.0.0.3/24, at: s3:1 }
          - { name: t1, mac: "00:00:00:00:01:01", ip: 10.0.1.1/24, at: s1:4 }
          - { name: t2, mac: "00:00:00:00:01:02", ip: 10.0.1.2/24, at: s2:4 }
          - { name: t3, mac: "00:00:00:00:01:03", ip: 10.0.1.3/24, at: s3:4 }
        tenants:
          - name: acme
            segments:
              - name: web
                vlan: 10
                members:
                  - port: s1:4
                  - port: s2:4
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("sdnctl-reconcile-").FullName;
    private SimulatedNetwork _network = null!;
    private ControllerHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        string file = Path.Combine(_dir, "reconcile.yaml");
        await File.WriteAllTextAsync(file, Topology);
        var document = TopologyLoader.Load(file);
        _network = new SimulatedNetwork(document);
        _host = await ControllerHost.StartAsync(
            new ControllerHostOptions { OpenFlow = new IPEndPoint(IPAddress.Loopback, 0), Api = new Uri("http://127.0.0.1:0"), Declared = document },
            NullLoggerFactory.Instance,
            new SimulatorAdapter(_network));
        await _network.StartAsync(_host.Server.BoundEndPoint);
        Assert.True(await DiscoveryProgress.WaitForDeclaredAsync(_host.ControlPlane, document, TimeSpan.FromMinutes(1), CancellationToken.None));
        _http = new HttpClient { BaseAddress = new Uri(_host.ApiAddress) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _network.DisposeAsync();
        await _host.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SwitchAwayWhileDesiredStateChanges_ComesBackEqualToDesired_UntouchedRulesKeepTheirCounters()
    {
        IntentDto kept = await CreateIntentAsync(new { type = "host-to-host", src = "h1", dst = "h2", @protected = true });
        IntentDto deleted = await CreateIntentAsync(new { type = "host-to-host", src = "h1", dst = "h3" });
        await WaitForIntentAsync(kept.Id, IntentState.Installed);
        await WaitForIntentAsync(deleted.Id, IntentState.Installed);
        await SettleAsync();

        // Traffic, so the rules that should survive have counters to lose.
        await SendAsync("h1", "h2");
        await SendAsync("t1", "t2");
        SwitchPipeline s1 = _network.Switches.Single(s => s.DatapathId == S1).Pipeline;
        FlowEntry intentIngress = Assert.Single(s1.AllEntries(), e => e.Cookie == IntentCookies.Of(kept.Id) && InPort(e) == 1);
        FlowEntry tenantIngress = Assert.Single(s1.AllEntries(), e => TenantCookies.IsTenantRule(e.Cookie) && e.Priority == TenantFlowCompiler.PortPriority && InPort(e) == 4 && e.HasAction(a => a.Type == OfpActionType.PushVlan));
        (ulong Packets, ulong Bytes) intentBefore = (intentIngress.PacketCount, intentIngress.ByteCount);
        (ulong Packets, ulong Bytes) tenantBefore = (tenantIngress.PacketCount, tenantIngress.ByteCount);
        Assert.True(intentBefore.Packets >= Frames, $"intent rule counted {intentBefore.Packets}");
        Assert.True(tenantBefore.Packets >= Frames, $"tenant rule counted {tenantBefore.Packets}");
        Assert.Contains(s1.Groups.Keys, IntentCookies.IsIntentGroup);
        uint keptGroup = s1.Groups.Keys.Single(IntentCookies.IsIntentGroup);
        var groupBuckets = s1.Groups[keptGroup].Buckets.ToList();
        int connectsBefore = await OnLoopAsync(() => (int)_host.ControlPlane.Reconciliations);

        // s1 goes away.
        SwitchAgent agent = _network.Agents.Single(a => a.Switch.DatapathId == S1);
        ISwitchConnection old = _host.ControlPlane.GetSwitch(S1)!;
        await agent.HoldAsync();
        await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.GetSwitch(S1) is null);

        // The desired state changes meanwhile: an intent deleted, one added, a tenant member added.
        Assert.Equal(HttpStatusCode.NoContent, (await _http.DeleteAsync($"/api/v1/intents/{deleted.Id}")).StatusCode);
        IntentDto added = await CreateIntentAsync(new { type = "host-to-host", src = "h3", dst = "h1", @protected = true });
        using (var member = await _http.PostAsJsonAsync("/api/v1/tenants/acme/segments/web/members", new MemberDto(Port: "s3:4")))
        {
            Assert.Equal(HttpStatusCode.Created, member.StatusCode);
        }

        // And the switch's tables are tampered with: a stray rule and a stray group of ours, a group
        // of an operator's (not ours to delete), and our group's buckets swapped.
        await _network.WhenIdleAsync();
        Assert.Null(s1.ApplyGroupMod(new GroupMod { Command = GroupModCommand.Add, GroupType = GroupType.All, GroupId = StrayGroup, Buckets = [OfpBucket.Of(OfpAction.Output(5))] }));
        Assert.Null(s1.ApplyGroupMod(new GroupMod { Command = GroupModCommand.Add, GroupType = GroupType.All, GroupId = OperatorGroup, Buckets = [OfpBucket.Of(OfpAction.Output(5))] }));
        Assert.Null(s1.ApplyGroupMod(new GroupMod { Command = GroupModCommand.Modify, GroupType = GroupType.FastFailover, GroupId = keptGroup, Buckets = [groupBuckets[1], groupBuckets[0]] }));
        Assert.Null(s1.ApplyFlowMod(new FlowMod
        {
            Command = FlowModCommand.Add,
            Priority = IntentManager.RulePriority,
            Cookie = IntentCookies.Of(4242),
            Match = [OxmEntry.InPort(5), OxmEntry.EthDst(0x02)],
            Instructions = [OfpInstruction.ApplyActions([OfpAction.Output(2)])],
        }));

        // s1 comes back.
        agent.Resume();
        await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.GetSwitch(S1) is { } c && !ReferenceEquals(c, old));
        await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => OnLoopAsync(() => _host.ControlPlane.ReconcilingSwitches == 0 && _host.ControlPlane.Reconciliations > connectsBefore).GetAwaiter().GetResult());
        await SettleAsync();

        // Reconciled once its links were back, so with the intents compiled on the whole triangle
        // (on the way they were installed unprotected, then moved: rerouted).
        foreach (long id in (long[])[kept.Id, added.Id])
        {
            // Installed (or rerouted) once s1 has confirmed their rules with a barrier.
            await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.Intents.Find(id)?.State is IntentState.Installed or IntentState.Rerouted);
            IntentInfo info = _host.ControlPlane.Intents.Find(id)!;
            Assert.True(info.State is IntentState.Installed or IntentState.Rerouted, $"intent {id}: {info.State} ({info.Reason})");
            Assert.All(info.Paths, p => Assert.NotNull(p.Backup));
        }

        // Its rules and groups are the desired ones, and nothing else of ours.
        ISwitchConnection connection = _host.ControlPlane.GetSwitch(S1)!;
        var (desiredFlows, desiredGroups) = await OnLoopAsync(() => (
            _host.ControlPlane.TenantNetworking.RulesOn(S1).Select(r => r.ToAdd()).Concat(_host.ControlPlane.IntentManager.RulesOn(S1)).ToList(),
            _host.ControlPlane.IntentManager.GroupsOn(S1).ToList()));
        List<FlowStatsEntry> flows = await ReconciledFlowsAsync(connection);
        List<GroupDescEntry> groups = [.. (await connection.RequestMultipartAsync<GroupDescReply>(new GroupDescRequest())).SelectMany(r => r.Entries)];
        FlowDiff flowDiff = FlowReconciliation.Diff(desiredFlows, flows);
        Assert.True(flowDiff.IsEmpty, $"missing {flowDiff.Missing.Count}, drifted {flowDiff.Drifted.Count}, strays {flowDiff.Strays.Count}");
        GroupDiff groupDiff = FlowReconciliation.DiffGroups(desiredGroups, groups, IntentCookies.IsIntentGroup);
        Assert.Equal((0, 0, 0), (groupDiff.Missing.Count, groupDiff.Drifted.Count, groupDiff.Strays.Count));
        Assert.Equal(flows.Count, desiredFlows.Count);

        Assert.DoesNotContain(flows, f => f.Cookie == IntentCookies.Of(deleted.Id) || f.Cookie == IntentCookies.Of(4242));
        Assert.Contains(flows, f => f.Cookie == IntentCookies.Of(added.Id));
        Assert.DoesNotContain(groups, g => g.GroupId == StrayGroup);
        Assert.Contains(groups, g => g.GroupId == OperatorGroup);
        Assert.Equal(groupBuckets, groups.Single(g => g.GroupId == keptGroup).Buckets);

        // The rules nothing changed were left alone: the same entries, their counters intact.
        Assert.Same(intentIngress, s1.AllEntries().Single(e => e.Cookie == IntentCookies.Of(kept.Id) && InPort(e) == 1));
        Assert.Same(tenantIngress, s1.AllEntries().Single(e => TenantCookies.IsTenantRule(e.Cookie) && e.Priority == TenantFlowCompiler.PortPriority && InPort(e) == 4 && e.HasAction(a => a.Type == OfpActionType.PushVlan)));
        Assert.False(intentIngress.IsRemoved);
        Assert.False(tenantIngress.IsRemoved);
        Assert.Equal(intentBefore, (intentIngress.PacketCount, intentIngress.ByteCount));
        Assert.Equal(tenantBefore, (tenantIngress.PacketCount, tenantIngress.ByteCount));

        // And traffic still flows by them.
        await SendAsync("h1", "h2");
        Assert.Equal(intentBefore.Packets + Frames, intentIngress.PacketCount);
    }

    private static uint? InPort(FlowEntry e) =>
        e.Match.Fields.Where(m => m.Field == OxmFieldId.InPort).Select(m => (uint?)(uint)m.Value).FirstOrDefault();

    private Task<T> OnLoopAsync<T>(Func<T> read) => _host.ControlPlane.InvokeOnLoopAsync(_ => read());

    private async Task<IntentDto> CreateIntentAsync(object body)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/intents", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<IntentDto>())!;
    }

    private async Task WaitForIntentAsync(long id, IntentState state)
    {
        try
        {
            await ControlPlaneWaits.UntilAsync(_host.ControlPlane, () => _host.ControlPlane.Intents.Find(id)?.State == state);
        }
        catch (OperationCanceledException)
        {
        }

        IntentInfo? info = _host.ControlPlane.Intents.Find(id);
        Assert.True(info?.State == state, $"intent {id} is {info?.State} ({info?.Reason}), history {string.Join(", ", info?.History.Select(h => $"{h.State}: {h.Reason}") ?? [])}");
    }

    /// <summary>Waits until the loop is idle and every switch has applied what it was sent (a barrier each).</summary>
    private async Task SettleAsync()
    {
        using var guard = new CancellationTokenSource(ControlPlaneWaits.Guard);
        await _host.ControlPlane.QuiesceAsync(guard.Token);
        await Task.WhenAll(_host.ControlPlane.Connections.Select(c => c.BarrierAsync(guard.Token)));
    }

    private static async Task<List<FlowStatsEntry>> ReconciledFlowsAsync(ISwitchConnection connection)
    {
        var all = new List<FlowStatsEntry>();
        foreach (ulong app in (ulong[])[TenantCookies.Application, IntentCookies.Application, Control.Chains.ChainCookies.Application])
        {
            var replies = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest { Cookie = app, CookieMask = Control.Forwarding.FlowCookies.ApplicationMask });
            all.AddRange(replies.SelectMany(r => r.Entries));
        }

        return all;
    }

    /// <summary>Sends <see cref="Frames"/> frames of a local experimental EtherType from one host to another and waits until the network is idle.</summary>
    private async Task SendAsync(string from, string to)
    {
        SimulatedHost source = _network.Hosts.Single(h => h.Name == from);
        SimulatedHost destination = _network.Hosts.Single(h => h.Name == to);
        var frame = new byte[100];
        WriteMac(frame, destination.Mac);
        WriteMac(frame.AsSpan(6), source.Mac);
        frame[12] = 0x88;
        frame[13] = 0xb5;
        for (int i = 0; i < Frames; i++)
        {
            source.Send(frame);
        }

        await _network.WhenIdleAsync();
    }

    private static void WriteMac(Span<byte> b, ulong mac)
    {
        for (int i = 0; i < 6; i++)
        {
            b[i] = (byte)(mac >> (40 - (8 * i)));
        }
    }
}
