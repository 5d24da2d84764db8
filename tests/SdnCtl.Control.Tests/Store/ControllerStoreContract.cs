using SdnCtl.Control.Store;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Store;

/// <summary>What every <see cref="IControllerStore"/> must do; one subclass per implementation.</summary>
public abstract class ControllerStoreContract : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    protected abstract IControllerStore Store { get; }

    [Fact]
    public void ApiKeys_AddListRemove_RoundTrip()
    {
        var a = new StoredApiKey("ka", "first", "admin", "aa", T0);
        var b = new StoredApiKey("kb", "second", "admin", "bb", T0.AddSeconds(1));
        Store.AddApiKey(b);
        Store.AddApiKey(a);

        Assert.Equal([a, b], Store.ListApiKeys());
        Assert.True(Store.RemoveApiKey("ka"));
        Assert.False(Store.RemoveApiKey("ka"));
        Assert.Equal([b], Store.ListApiKeys());
    }

    [Fact]
    public void AddApiKey_DuplicateId_Throws()
    {
        Store.AddApiKey(new StoredApiKey("k1", "x", "admin", "h1", T0));

        Assert.Throws<InvalidOperationException>(() => Store.AddApiKey(new StoredApiKey("k1", "y", "admin", "h2", T0)));
        Assert.Single(Store.ListApiKeys());
    }

    [Fact]
    public void ChangeFlows_UpsertReplacesSameKeyAndRemoveDeletesOnlyThatSwitchesFlow()
    {
        Store.ChangeFlows([Flow(1, 1, 10), Flow(1, 2, 20), Flow(2, 1, 30)], []);
        Store.ChangeFlows([Flow(1, 1, 11)], [(2, [1])]);

        var flows = Store.ListFlows().OrderBy(f => f.DatapathId).ThenBy(f => f.Key[0]).ToList();
        Assert.Equal(2, flows.Count);
        Assert.Equal((1UL, (byte)1, (byte)11), (flows[0].DatapathId, flows[0].Key[0], flows[0].FlowMod[0]));
        Assert.Equal((1UL, (byte)2, (byte)20), (flows[1].DatapathId, flows[1].Key[0], flows[1].FlowMod[0]));
    }

    [Fact]
    public void ChangeFlows_LargeDatapathIds_SurviveUnchanged()
    {
        Store.ChangeFlows([Flow(ulong.MaxValue, 7, 1)], []);

        Assert.Equal(ulong.MaxValue, Assert.Single(Store.ListFlows()).DatapathId);
    }

    [Fact]
    public void ChangeFlows_KeyWithSameBytesInAnotherArray_IsTheSameFlow()
    {
        Store.ChangeFlows([new StoredFlow(3, [1, 2, 3], [10])], []);
        Store.ChangeFlows([new StoredFlow(3, [1, 2, 3], [11])], []);
        Store.ChangeFlows([new StoredFlow(3, [1, 2, 4], [12])], [(3, [1, 2, 4])]);

        var flows = Store.ListFlows().OrderBy(f => f.Key[2]).ToList();
        Assert.Equal(2, flows.Count);
        Assert.Equal([11], flows[0].FlowMod);
        Assert.Equal([12], flows[1].FlowMod);

        Store.ChangeFlows([], [(3, [1, 2, 3]), (3, [1, 2, 4])]);
        Assert.Empty(Store.ListFlows());
    }

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(200)]
    public void ChangeFlows_ManyRows_StoresEachAndTheLastOfARepeatedKeyWins(int count)
    {
        var flows = Enumerable.Range(0, count).Select(i => new StoredFlow((ulong)(i % 3), [(byte)(i % 100), (byte)(i / 100)], [(byte)i])).ToList();
        flows.Add(new StoredFlow(1, [1, 0], [250])); // flow 1 again, later in the same change

        Store.ChangeFlows(flows, []);

        var stored = Store.ListFlows().ToDictionary(f => (f.DatapathId, f.Key[0], f.Key[1]), f => f.FlowMod[0]);
        Assert.Equal(count, stored.Count);
        Assert.Equal(250, stored[(1, 1, 0)]);
        Assert.Equal(count - 1, stored[((ulong)((count - 1) % 3), (byte)((count - 1) % 100), (byte)((count - 1) / 100))]);
    }

    [Fact]
    public void BeginChangeFlows_Committed_AppliesRemovesAndUpserts()
    {
        Store.ChangeFlows([Flow(1, 1, 10), Flow(1, 2, 20)], []);

        using (IPendingFlowChange change = Store.BeginChangeFlows([Flow(1, 1, 11), Flow(2, 5, 50)], [(1, [2])]))
        {
            change.Commit();
        }

        var flows = Store.ListFlows().OrderBy(f => f.DatapathId).ThenBy(f => f.Key[0]).ToList();
        Assert.Equal([(1UL, (byte)1, (byte)11), (2UL, (byte)5, (byte)50)], flows.Select(f => (f.DatapathId, f.Key[0], f.FlowMod[0])));
    }

    [Fact]
    public void BeginChangeFlows_DisposedWithoutCommit_LeavesTheStoreAsItWas()
    {
        Store.ChangeFlows([Flow(1, 1, 10), Flow(1, 2, 20)], []);

        using (Store.BeginChangeFlows([Flow(1, 1, 11), Flow(1, 3, 30)], [(1, [2])]))
        {
        }

        var flows = Store.ListFlows().OrderBy(f => f.Key[0]).ToList();
        Assert.Equal([(1UL, (byte)1, (byte)10), (1UL, (byte)2, (byte)20)], flows.Select(f => (f.DatapathId, f.Key[0], f.FlowMod[0])));

        // The store is usable again afterwards.
        Store.ChangeFlows([Flow(1, 4, 40)], []);
        Assert.Equal(3, Store.ListFlows().Count);
    }

    [Fact]
    public void BeginChangeFlows_CommittedOnAnotherThread_Applies()
    {
        IPendingFlowChange change = Store.BeginChangeFlows([Flow(7, 1, 70)], []);

        var other = new Thread(() =>
        {
            change.Commit();
            change.Dispose();
        });
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(30)));

        Assert.Equal(70, Assert.Single(Store.ListFlows()).FlowMod[0]);
    }

    [Fact]
    public void BeginChangeFlows_WhileOpen_OtherStoreUsersDoNotWaitForIt_AndTheCommitStillAppliesIt()
    {
        Store.ChangeFlows([Flow(1, 1, 10)], []);
        using IPendingFlowChange change = Store.BeginChangeFlows([Flow(1, 1, 11), Flow(1, 2, 20)], [(1, [9])]);

        // The control loop persisting a tenant while a batch waits for its barriers: it must not wait
        // for the batch. Another thread, so that a store holding its gate would block it (and fail here).
        var other = new Thread(() =>
        {
            Store.AddApiKey(new StoredApiKey("k1", "ops", "admin", "h1", DateTimeOffset.UnixEpoch));
            Store.ChangeFlows([Flow(3, 1, 30)], []);
        });
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(30)), "a store call waited for an open pending flow change");

        change.Commit();

        var flows = Store.ListFlows().OrderBy(f => f.DatapathId).ThenBy(f => f.Key[0]).ToList();
        Assert.Equal([(1UL, (byte)1, (byte)11), (1UL, (byte)2, (byte)20), (3UL, (byte)1, (byte)30)], flows.Select(f => (f.DatapathId, f.Key[0], f.FlowMod[0])));
        Assert.Equal("k1", Assert.Single(Store.ListApiKeys()).Id);
    }

    [Fact]
    public void BeginChangeFlows_OtherStoreUserMeanwhile_ThenDisposed_LeavesOnlyTheOtherChange()
    {
        Store.ChangeFlows([Flow(1, 1, 10)], []);
        using IPendingFlowChange change = Store.BeginChangeFlows([Flow(1, 1, 11), Flow(1, 2, 20)], [(1, [1])]);

        var other = new Thread(() => Store.ChangeFlows([Flow(3, 1, 30)], []));
        other.Start();
        Assert.True(other.Join(TimeSpan.FromSeconds(30)), "a store call waited for an open pending flow change");
        change.Dispose();
        change.Dispose();

        var flows = Store.ListFlows().OrderBy(f => f.DatapathId).ToList();
        Assert.Equal([(1UL, (byte)1, (byte)10), (3UL, (byte)1, (byte)30)], flows.Select(f => (f.DatapathId, f.Key[0], f.FlowMod[0])));
        Assert.Throws<ObjectDisposedException>(change.Commit);
    }

    // ---- Tenants (issue 8) ----

    [Fact]
    public void SaveTenant_ListTenants_RoundTripsSegmentsAndMembersInOrder()
    {
        TenantSpec corp = Corp();
        Store.SaveTenant(corp);
        Store.SaveTenant(new TenantSpec("empty", []));

        var listed = Store.ListTenants();

        Assert.Equal(["corp", "empty"], listed.Select(t => t.Name));
        AssertSame(corp, listed[0]);
        Assert.Empty(listed[1].Segments);
    }

    [Fact]
    public void SaveTenant_Again_ReplacesItWholeInItsPlace()
    {
        Store.SaveTenant(Corp());
        Store.SaveTenant(new TenantSpec("lab", []));
        var smaller = new TenantSpec("corp", [new SegmentSpec("only", SegmentKind.Vlan, 30, null, 0, [MemberSpec.ForPort(new PortRef("s9", 9))])]);

        Store.SaveTenant(smaller);

        var listed = Store.ListTenants();
        Assert.Equal(["corp", "lab"], listed.Select(t => t.Name));
        AssertSame(smaller, listed[0]);
    }

    [Fact]
    public void DeleteTenant_RemovesItAndLeavesATombstoneThatASaveClears()
    {
        Store.SaveTenant(Corp());
        Store.DeleteTenant("corp");
        Store.DeleteTenant("from-file");

        Assert.Empty(Store.ListTenants());
        Assert.Equal(["corp", "from-file"], Store.ListDeletedTenants());

        Store.SaveTenant(new TenantSpec("corp", []));
        Assert.Equal(["from-file"], Store.ListDeletedTenants());
        Assert.Equal("corp", Assert.Single(Store.ListTenants()).Name);
    }

    // ---- intents ----------------------------------------------------------------------------

    [Fact]
    public void Intents_PutListReplaceRemove_RoundTripInIdOrder()
    {
        var second = new StoredIntent(2, null, "{\"src\":\"h2\"}", T0.AddSeconds(1));
        var first = new StoredIntent(1, "shop", "{\"src\":\"h1\"}", T0);
        Store.PutIntent(second);
        Store.PutIntent(first);

        Assert.Equal([first, second], Store.ListIntents());

        var replaced = first with { Spec = "{\"src\":\"h9\"}" };
        Store.PutIntent(replaced);
        Assert.True(Store.RemoveIntent(2));
        Assert.False(Store.RemoveIntent(2));
        Assert.Equal([replaced], Store.ListIntents());
    }

    // ---- appliances and chains ------------------------------------------------------------------

    [Fact]
    public void SaveAppliance_Again_ReplacesItInItsPlace_ListKeepsFirstSavedOrder()
    {
        var fw = new StoredAppliance("fw1", null, "{\"kind\":\"firewall\"}");
        var nat = new StoredAppliance("nat1", "shop", "{\"kind\":\"nat\"}");
        Store.SaveAppliance(fw);
        Store.SaveAppliance(nat);
        var changed = fw with { Tenant = "lab", Spec = "{\"kind\":\"firewall\",\"rules\":[]}" };
        Store.SaveAppliance(changed);

        Assert.Equal([changed, nat], Store.ListAppliances());
        Assert.Empty(Store.ListDeletedAppliances());
    }

    [Fact]
    public void DeleteAppliance_RemovesItAndLeavesATombstoneThatASaveClears()
    {
        Store.SaveAppliance(new StoredAppliance("fw1", null, "{}"));
        Store.DeleteAppliance("fw1");
        Store.DeleteAppliance("from-file");

        Assert.Empty(Store.ListAppliances());
        Assert.Equal(["from-file", "fw1"], Store.ListDeletedAppliances());

        var again = new StoredAppliance("fw1", "t", "{\"kind\":\"firewall\"}");
        Store.SaveAppliance(again);
        Assert.Equal(["from-file"], Store.ListDeletedAppliances());
        Assert.Equal([again], Store.ListAppliances());
    }

    [Fact]
    public void Chains_PutListReplaceRemove_RoundTripInFirstStoredOrder()
    {
        var b = new StoredChain("b-chain", null, "{\"name\":\"b-chain\"}", T0);
        var a = new StoredChain("a-chain", "shop", "{\"name\":\"a-chain\"}", T0.AddSeconds(1));
        Store.PutChain(b);
        Store.PutChain(a);
        Assert.Equal([b, a], Store.ListChains());

        var replaced = b with { Spec = "{}", Tenant = "lab" };
        Store.PutChain(replaced);
        Assert.True(Store.RemoveChain("a-chain"));
        Assert.False(Store.RemoveChain("a-chain"));
        Assert.Equal([replaced], Store.ListChains());
    }

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static TenantSpec Corp() => new("corp",
    [
        new SegmentSpec("web", SegmentKind.Vlan, 10, Ipv4Prefix.TryParse("10.1.0.0/24", out var web, out _) ? web : default, 3,
            [MemberSpec.ForPort(new PortRef("s1", 2)), MemberSpec.ForMac(0x0a0000000001), MemberSpec.ForSubnet(web)]),
        new SegmentSpec("overlay", SegmentKind.Vxlan, 16_777_215, null, 0, [MemberSpec.ForPort(new PortRef("0000000000000002", 4))]),
    ]) { RateLimit = new TenantRateLimit(250, 1_000) };

    // Records compare their lists by reference: compare what they hold.
    protected static void AssertSame(TenantSpec expected, TenantSpec actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.RateLimit, actual.RateLimit);
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        for (int i = 0; i < expected.Segments.Count; i++)
        {
            SegmentSpec e = expected.Segments[i], a = actual.Segments[i];
            Assert.Equal((e.Name, e.Kind, e.Id, e.Subnet, e.Priority), (a.Name, a.Kind, a.Id, a.Subnet, a.Priority));
            Assert.Equal(expected.Segments[i].Members, actual.Segments[i].Members);
        }
    }

    private static StoredFlow Flow(ulong dpid, byte key, byte mod) => new(dpid, [key], [mod, 0, 0]);
}

public sealed class InMemoryControllerStoreTests : ControllerStoreContract
{
    protected override IControllerStore Store { get; } = new InMemoryControllerStore();
}

public sealed class SqliteControllerStoreTests : ControllerStoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sdnctl-store-" + Guid.NewGuid().ToString("n"));

    public SqliteControllerStoreTests() => Store = new SqliteControllerStore(_directory);

    protected override IControllerStore Store { get; }

    [Fact]
    public void Reopen_AfterAnUncommittedFlowChange_HasOnlyWhatWasCommitted()
    {
        Store.ChangeFlows([new StoredFlow(5, [1], [10])], []);
        IPendingFlowChange pending = Store.BeginChangeFlows([new StoredFlow(5, [2], [20])], [(5, [1])]);

        // As a crash before the commit: a second connection sees only the committed state.
        using (var reader = new SqliteControllerStore(_directory))
        {
            Assert.Equal([1], Assert.Single(reader.ListFlows()).Key);
        }

        pending.Dispose();
        Store.Dispose();
        using var reopened = new SqliteControllerStore(_directory);
        var flow = Assert.Single(reopened.ListFlows());
        Assert.Equal([1], flow.Key);
        Assert.Equal([10], flow.FlowMod);
    }

    [Fact]
    public void Reopen_AfterAPendingChangeYieldedAndWasCommitted_HasIt()
    {
        using (IPendingFlowChange pending = Store.BeginChangeFlows([new StoredFlow(6, [1], [61]), new StoredFlow(6, [2], [62])], []))
        {
            var other = new Thread(() => Store.SaveTenant(new TenantSpec("t1", [])));
            other.Start();
            Assert.True(other.Join(TimeSpan.FromSeconds(30)), "a store call waited for an open pending flow change");
            pending.Commit();
        }

        Store.Dispose();
        using var reopened = new SqliteControllerStore(_directory);
        Assert.Equal([61, 62], reopened.ListFlows().OrderBy(f => f.Key[0]).Select(f => (int)f.FlowMod[0]));
        Assert.Equal("t1", Assert.Single(reopened.ListTenants()).Name);
    }

    [Fact]
    public void Reopen_SameDirectory_HasEverythingWritten()
    {
        Store.AddApiKey(new StoredApiKey("k9", "kept", "admin", "h9", DateTimeOffset.UnixEpoch));
        Store.ChangeFlows([new StoredFlow(5, [1, 2], [3, 4])], []);
        Store.SaveTenant(Corp());
        Store.DeleteTenant("gone");
        Store.PutIntent(new StoredIntent(long.MaxValue, "t", "{}", DateTimeOffset.UnixEpoch));
        Store.SaveAppliance(new StoredAppliance("fw1", "t", "{\"kind\":\"firewall\"}"));
        Store.DeleteAppliance("old");
        Store.PutChain(new StoredChain("c1", null, "{\"name\":\"c1\"}", DateTimeOffset.UnixEpoch));
        Store.Dispose();

        using var reopened = new SqliteControllerStore(_directory);

        Assert.Equal("kept", Assert.Single(reopened.ListApiKeys()).Name);
        var flow = Assert.Single(reopened.ListFlows());
        Assert.Equal(5UL, flow.DatapathId);
        Assert.Equal([1, 2], flow.Key);
        Assert.Equal([3, 4], flow.FlowMod);
        AssertSame(Corp(), Assert.Single(reopened.ListTenants()));
        Assert.Equal(["gone"], reopened.ListDeletedTenants());
        Assert.Equal(new StoredIntent(long.MaxValue, "t", "{}", DateTimeOffset.UnixEpoch), Assert.Single(reopened.ListIntents()));
        Assert.Equal(new StoredAppliance("fw1", "t", "{\"kind\":\"firewall\"}"), Assert.Single(reopened.ListAppliances()));
        Assert.Equal(["old"], reopened.ListDeletedAppliances());
        Assert.Equal(new StoredChain("c1", null, "{\"name\":\"c1\"}", DateTimeOffset.UnixEpoch), Assert.Single(reopened.ListChains()));
    }
}
