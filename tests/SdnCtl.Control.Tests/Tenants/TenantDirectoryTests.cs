using SdnCtl.Control.Tenants;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>The tenant policy: what is accepted, what is refused and with which status, and that a refusal changes nothing.</summary>
public sealed class TenantDirectoryTests
{
    private static SegmentSpec Vlan(string name, uint vid, string? subnet = null, params MemberSpec[] members) =>
        new(name, SegmentKind.Vlan, vid, subnet is null ? null : Prefix(subnet), 0, members);

    private static Ipv4Prefix Prefix(string text) => Ipv4Prefix.TryParse(text, out var p, out _) ? p : throw new ArgumentException(text);

    private static TenantDirectory WithCorp()
    {
        var d = new TenantDirectory();
        Assert.Equal(TenantResultStatus.Created, d.AddTenant("corp").Status);
        Assert.Equal(TenantResultStatus.Created, d.AddSegment("corp", Vlan("prod", 10, "10.10.0.0/24", MemberSpec.ForPort(new PortRef("s1", 1)), MemberSpec.ForMac(7))).Status);
        Assert.Equal(TenantResultStatus.Created, d.AddTenant("other").Status);
        return d;
    }

    [Theory]
    [InlineData(0u, "vlan")]
    [InlineData(4095u, "vlan")]
    public void AddSegment_ReservedVid_IsInvalidNamingVlan(uint vid, string field)
    {
        TenantDirectory d = WithCorp();
        var before = d.Tenants;

        TenantResult result = d.AddSegment("corp", Vlan("x", vid));

        Assert.Equal((TenantResultStatus.Invalid, field), (result.Status, result.Field));
        Assert.Equal(before, d.Tenants);
    }

    [Fact]
    public void AddSegment_VniAbove24Bits_IsInvalid()
    {
        TenantDirectory d = WithCorp();

        TenantResult result = d.AddSegment("corp", new SegmentSpec("x", SegmentKind.Vxlan, 16_777_216, null, 0, []));

        Assert.Equal((TenantResultStatus.Invalid, "vxlan"), (result.Status, result.Field));
    }

    [Fact]
    public void AddSegment_VidOfAnotherTenant_IsAConflict_AndTheSameNumberAsAVniIsNot()
    {
        TenantDirectory d = WithCorp();

        Assert.Equal(TenantResultStatus.Conflict, d.AddSegment("other", Vlan("x", 10)).Status);
        Assert.Equal(TenantResultStatus.Created, d.AddSegment("other", new SegmentSpec("y", SegmentKind.Vxlan, 10, null, 0, [])).Status);
    }

    [Fact]
    public void AddMember_PortOrMacOfAnotherSegment_IsAConflict_AndChangesNothing()
    {
        TenantDirectory d = WithCorp();
        Assert.Equal(TenantResultStatus.Created, d.AddSegment("other", Vlan("x", 20)).Status);
        var before = d.Tenants;

        Assert.Equal(TenantResultStatus.Conflict, d.AddMember("other", "x", MemberSpec.ForPort(new PortRef("s1", 1))).Status);
        Assert.Equal(TenantResultStatus.Conflict, d.AddMember("other", "x", MemberSpec.ForMac(7)).Status);
        Assert.Equal(TenantResultStatus.Conflict, d.AddMember("corp", "prod", MemberSpec.ForMac(7)).Status);
        Assert.Equal(before, d.Tenants);
        Assert.Equal(TenantResultStatus.Created, d.AddMember("other", "x", MemberSpec.ForPort(new PortRef("s1", 2))).Status);
    }

    [Fact]
    public void AddSegment_OverlappingSubnet_ConflictsInTheSameTenantOnly()
    {
        TenantDirectory d = WithCorp();

        Assert.Equal(TenantResultStatus.Conflict, d.AddSegment("corp", Vlan("x", 11, "10.10.0.128/25")).Status);
        Assert.Equal(TenantResultStatus.Created, d.AddSegment("other", Vlan("x", 11, "10.10.0.128/25")).Status);
    }

    [Fact]
    public void Remove_UnknownThings_AreNotFound_KnownOnesGo()
    {
        TenantDirectory d = WithCorp();

        Assert.Equal(TenantResultStatus.NotFound, d.RemoveSegment("corp", "nope").Status);
        Assert.Equal(TenantResultStatus.NotFound, d.RemoveMember("corp", "prod", MemberSpec.ForMac(8)).Status);
        Assert.Equal(TenantResultStatus.NotFound, d.RemoveTenant("nobody").Status);
        Assert.Equal(TenantResultStatus.Ok, d.RemoveMember("corp", "prod", MemberSpec.ForMac(7)).Status);
        Assert.Equal(TenantResultStatus.Ok, d.RemoveSegment("corp", "prod").Status);
        Assert.Empty(d.Find("corp")!.Segments);
    }
}
