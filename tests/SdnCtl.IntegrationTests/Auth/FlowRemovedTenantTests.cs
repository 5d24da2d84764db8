using SdnCtl.Api.Chains;
using SdnCtl.Api.Events;
using SdnCtl.Control.Events;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>Which tenant a flow_removed event belongs to, for the event stream's tenant filter.</summary>
public sealed class FlowRemovedTenantTests
{
    private static readonly TenantSpec Shop = new("shop",
    [
        new SegmentSpec("web", SegmentKind.Vlan, 10, null, 0, [MemberSpec.ForPort(new PortRef("0000000000000001", 3)), MemberSpec.ForMac(0x0a00_0000_0001)]),
    ]);

    private static readonly TenantSpec Lab = new("lab", []);

    [Fact]
    public void Concerns_FlowRemoved_ByCookieOwnerOrByTenantRuleMatch_StaticFlowsBelongToNoTenant()
    {
        string? Owner(ulong cookie) => cookie == IntentCookies.Of(7) ? "shop" : cookie == IntentCookies.Of(8) ? "lab" : null;

        // An intent's rule: its owner's, whatever it matches.
        Assert.True(EventTenants.Concerns(Removed(IntentCookies.Of(7)), Shop, null, Owner));
        Assert.False(EventTenants.Concerns(Removed(IntentCookies.Of(7)), Lab, null, Owner));
        Assert.False(EventTenants.Concerns(Removed(IntentCookies.Of(8), OxmEntry.InPort(3)), Shop, null, Owner));

        // A tenant segment rule: by its in_port or MAC being a member.
        Assert.True(EventTenants.Concerns(Removed(TenantCookies.Segment(4), OxmEntry.InPort(3)), Shop, null, Owner));
        Assert.True(EventTenants.Concerns(Removed(TenantCookies.Segment(4), OxmEntry.EthDst(0x0a00_0000_0001)), Shop, null, Owner));
        Assert.False(EventTenants.Concerns(Removed(TenantCookies.Segment(4), OxmEntry.InPort(2)), Shop, null, Owner));
        Assert.False(EventTenants.Concerns(Removed(TenantCookies.Segment(4), OxmEntry.InPort(3)), Lab, null, Owner));

        // A static flow (or any other application's rule) matching a member port is still not the tenant's.
        Assert.False(EventTenants.Concerns(Removed(0x5dc4_0000_0000_0001, OxmEntry.InPort(3)), Shop, null, Owner));
    }

    [Fact]
    public void OwnerOfCookie_NoIntentOrChainServices_IsNobody()
    {
        Assert.Null(EventTenants.OwnerOfCookie(IntentCookies.Of(1), null, null, new ChainOwnership()));
        Assert.Null(EventTenants.OwnerOfCookie(0x5dc8_0000_0000_0001, null, null, new ChainOwnership()));
    }

    private static FlowRemovedEvent Removed(ulong cookie, params OxmEntry[] match) =>
        new(1, DateTimeOffset.UnixEpoch, 1, cookie, 0, 100, match, FlowRemovedReason.IdleTimeout, TimeSpan.FromSeconds(1), 10, 0, 1, 64);
}
