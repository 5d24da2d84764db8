using SdnCtl.Control.Store;

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

    public void Dispose()
    {
        Store.Dispose();
        GC.SuppressFinalize(this);
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
    public void Reopen_SameDirectory_HasEverythingWritten()
    {
        Store.AddApiKey(new StoredApiKey("k9", "kept", "admin", "h9", DateTimeOffset.UnixEpoch));
        Store.ChangeFlows([new StoredFlow(5, [1, 2], [3, 4])], []);
        Store.PutIntent(new StoredIntent(long.MaxValue, "t", "{}", DateTimeOffset.UnixEpoch));
        Store.Dispose();

        using var reopened = new SqliteControllerStore(_directory);

        Assert.Equal("kept", Assert.Single(reopened.ListApiKeys()).Name);
        var flow = Assert.Single(reopened.ListFlows());
        Assert.Equal(5UL, flow.DatapathId);
        Assert.Equal([1, 2], flow.Key);
        Assert.Equal([3, 4], flow.FlowMod);
        Assert.Equal(new StoredIntent(long.MaxValue, "t", "{}", DateTimeOffset.UnixEpoch), Assert.Single(reopened.ListIntents()));
    }
}
