using SdnCtl.Control.Store;
using SdnCtl.Control.Tenants;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>Tenant changes reach the store before they are answered, a failed write undoes them, and restore merges file and store by a fixed precedence.</summary>
public sealed class TenantPersistenceTests
{
    private static SegmentSpec Vlan(string name, uint vid, params MemberSpec[] members) => new(name, SegmentKind.Vlan, vid, null, 0, members);

    [Fact]
    public async Task Changes_AreInTheStoreWhenTheServiceAnswers()
    {
        using var store = new InMemoryControllerStore();
        var cp = new ControlPlane(store: store);
        cp.Start();
        try
        {
            Assert.True((await cp.Tenants.AddTenantAsync("corp")).Succeeded);
            Assert.True((await cp.Tenants.AddSegmentAsync("corp", Vlan("web", 10))).Succeeded);
            Assert.True((await cp.Tenants.AddMemberAsync("corp", "web", MemberSpec.ForPort(new PortRef("s1", 1)))).Succeeded);
            var stored = Assert.Single(store.ListTenants());
            Assert.Equal(MemberSpec.ForPort(new PortRef("s1", 1)), Assert.Single(Assert.Single(stored.Segments).Members));

            Assert.False((await cp.Tenants.AddSegmentAsync("corp", Vlan("dup", 10))).Succeeded);
            Assert.Single(Assert.Single(store.ListTenants()).Segments);

            Assert.True((await cp.Tenants.RemoveTenantAsync("corp")).Succeeded);
            Assert.Empty(store.ListTenants());
            Assert.Equal(["corp"], store.ListDeletedTenants());
        }
        finally
        {
            await cp.StopAsync();
        }
    }

    [Fact]
    public async Task StoreWriteFails_ChangeIsUndoneAndTheErrorSurfaces()
    {
        using var store = new FailingStore();
        var cp = new ControlPlane(store: store);
        cp.Start();
        try
        {
            await Assert.ThrowsAsync<IOException>(() => cp.Tenants.AddTenantAsync("corp"));
            Assert.Empty(cp.Tenants.Tenants);
        }
        finally
        {
            await cp.StopAsync();
        }
    }

    [Fact]
    public void Merge_StoredReplacesFileTenant_TombstoneHidesIt_NewFileTenantLoaded_ClashingFileTenantLeftOut()
    {
        using var store = new InMemoryControllerStore();
        store.SaveTenant(new TenantSpec("a", [Vlan("changed", 11)]));
        store.SaveTenant(new TenantSpec("api-made", [Vlan("x", 20)]));
        store.DeleteTenant("b");
        TenantSpec[] file =
        [
            new("b", [Vlan("gone", 30)]),
            new("a", [Vlan("original", 10)]),
            new("c", [Vlan("fresh", 40)]),
            new("clash", [Vlan("same-vid", 20)]),
        ];

        var merged = TenantRestore.Merge(file, store, out var skipped);

        Assert.Equal(["a", "c", "api-made"], merged.Select(t => t.Name));
        Assert.Equal("changed", Assert.Single(merged[0].Segments).Name);
        Assert.Contains("clash", Assert.Single(skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_EmptyStore_IsTheFile()
    {
        using var store = new InMemoryControllerStore();
        TenantSpec[] file = [new("a", [Vlan("v", 10)])];

        Assert.Equal(file, TenantRestore.Merge(file, store, out var skipped));
        Assert.Empty(skipped);
    }

    private sealed class FailingStore : IControllerStore
    {
        public IReadOnlyList<StoredApiKey> ListApiKeys() => [];

        public void AddApiKey(StoredApiKey key) => throw new NotSupportedException();

        public bool RemoveApiKey(string id) => false;

        public IReadOnlyList<StoredFlow> ListFlows() => [];

        public void ChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove) => throw new NotSupportedException();

        public IReadOnlyList<TenantSpec> ListTenants() => [];

        public IReadOnlyList<string> ListDeletedTenants() => [];

        public void SaveTenant(TenantSpec tenant) => throw new IOException("disk full");

        public void DeleteTenant(string name) => throw new IOException("disk full");

        public IReadOnlyList<StoredIntent> ListIntents() => [];

        public void PutIntent(StoredIntent intent) => throw new IOException("disk full");

        public bool RemoveIntent(long id) => throw new IOException("disk full");

        public IReadOnlyList<StoredAppliance> ListAppliances() => [];

        public IReadOnlyList<string> ListDeletedAppliances() => [];

        public void SaveAppliance(StoredAppliance appliance) => throw new IOException("disk full");

        public void DeleteAppliance(string name) => throw new IOException("disk full");

        public IReadOnlyList<StoredChain> ListChains() => [];

        public void PutChain(StoredChain chain) => throw new IOException("disk full");

        public bool RemoveChain(string name) => throw new IOException("disk full");

        public void Dispose()
        {
        }
    }
}
