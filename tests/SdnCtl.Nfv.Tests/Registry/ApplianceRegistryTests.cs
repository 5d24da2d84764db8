using Microsoft.Extensions.Time.Testing;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Tests.Support;

namespace SdnCtl.Nfv.Tests.Registry;

public sealed class ApplianceRegistryTests
{
    private const string PlugIn = "SdnCtl.Nfv.PacketCounter";

    [Fact]
    public void CreateDefault_HasTheBuiltInKinds()
    {
        Assert.Equal(["firewall", "nat", "router"], ApplianceRegistry.CreateDefault().KindNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LoadFrom_AssemblyName_RegistersItsKindWhichWorks()
    {
        ApplianceRegistry registry = ApplianceRegistry.CreateDefault();
        Assert.False(registry.TryGetKind("packet-counter", out _));

        Assert.Equal(["packet-counter"], registry.LoadFrom(PlugIn));

        IApplianceKind kind = registry.GetKind("packet-counter");
        Assert.Equal(PlugIn, kind.GetType().Assembly.GetName().Name);
        NetworkAppliance counter = kind.Create(
            ApplianceOptionsBinder.Bind(kind, """{ "name": "pc", "interfaces": [ { "name": "a", "mac": "02:00:00:00:00:01" }, { "name": "b", "mac": "02:00:00:00:00:02" } ] }"""),
            new FakeTimeProvider());
        var sink = new RecordingSink();
        byte[] frame = TestFrames.Udp(1, 2, "10.0.0.1", 1, "10.0.0.2", 2);
        counter.Process(0, frame, sink);
        counter.Process(0, frame, sink);
        Assert.Equal(2, sink.Frames.Count(f => f.Interface == 1));
        Assert.Contains(counter.GetCounters(), c => c.Name == "frames:a" && c.Value == 2);
        Assert.Contains(counter.GetCounters(), c => c.Name == "bytes:a" && c.Value == 2 * frame.Length);
    }

    [Fact]
    public void LoadFrom_SameAssemblyTwice_FailsAndLeavesRegistryUnchanged()
    {
        ApplianceRegistry registry = ApplianceRegistry.CreateDefault();
        registry.LoadFrom(PlugIn);
        var e = Assert.Throws<ApplianceLoadException>(() => registry.LoadFrom(PlugIn));
        Assert.Contains("packet-counter", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, registry.KindNames.Count);
    }

    [Fact]
    public void LoadFrom_MissingAssembly_ThrowsNamingIt()
    {
        var e = Assert.Throws<ApplianceLoadException>(() => ApplianceRegistry.CreateDefault().LoadFrom("Contoso.NoSuchAppliances"));
        Assert.Contains("Contoso.NoSuchAppliances", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFrom_AssemblyWithoutKinds_Throws()
    {
        var e = Assert.Throws<ApplianceLoadException>(() => new ApplianceRegistry().LoadFrom(typeof(Assert).Assembly));
        Assert.Contains("no public IApplianceKind", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetKind_Unknown_ListsTheKnownKinds()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => ApplianceRegistry.CreateDefault().GetKind("load-balancer"));
        Assert.Contains("firewall, nat, router", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Firewall")]
    [InlineData("fire wall")]
    [InlineData("-fw")]
    [InlineData("")]
    public void Register_BadKindName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new ApplianceRegistry().Register(new NamedKind(name)));
    }

    [Fact]
    public void Register_DuplicateName_Throws()
    {
        ApplianceRegistry registry = ApplianceRegistry.CreateDefault();
        Assert.Throws<ArgumentException>(() => registry.Register(new NamedKind("firewall")));
    }

    [Fact]
    public void Bind_WrongJsonType_NamesThePath()
    {
        var e = Assert.Throws<ApplianceOptionsException>(() => ApplianceOptionsBinder.Bind(new FirewallKind(), """{ "name": "fw", "maxConnections": "many" }"""));
        Assert.Equal("maxConnections", Assert.Single(e.Errors).Option);
    }

    [Fact]
    public void Bind_UnknownEnumValue_NamesThePath()
    {
        var e = Assert.Throws<ApplianceOptionsException>(() => ApplianceOptionsBinder.Bind(
            new FirewallKind(), """{ "name": "fw", "interfaces": [], "rules": [ { "action": "maybe" } ] }"""));
        Assert.Equal("rules[0].action", Assert.Single(e.Errors).Option);
    }

    private sealed class NamedKind(string name) : ApplianceKind<FirewallOptions>
    {
        public override string Name => name;

        protected override NetworkAppliance CreateCore(FirewallOptions options, TimeProvider time) => throw new NotSupportedException();
    }
}
