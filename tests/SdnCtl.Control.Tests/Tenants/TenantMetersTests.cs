using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tests.Tenants;

/// <summary>The tenant meters' difference per switch: what is added, modified, deleted and left alone.</summary>
public sealed class TenantMetersTests
{
    private const ulong Dpid = 7;

    [Fact]
    public void Sync_NewLimit_AddsTheMeterBeforeTheRules()
    {
        var meters = new TenantMeters();
        Assert.True(meters.Update([Tenant("a", new TenantRateLimit(100, 500))]));
        uint id = meters.IdOf(Tenant("a", new TenantRateLimit(100, 500)));

        var (before, after) = Sync(meters, [Rule(id)]);

        var add = Assert.IsType<MeterMod>(Assert.Single(before));
        Assert.Equal((MeterModCommand.Add, id), (add.Command, add.MeterId));
        Assert.Equal(MeterFlags.Kbps | MeterFlags.Stats | MeterFlags.Burst, add.Flags);
        Assert.Equal([OfpMeterBand.Drop(100_000, 500)], add.Bands);
        Assert.Empty(after);
    }

    [Fact]
    public void Sync_LimitChanged_ModifiesInPlace_AndUnchangedSendsNothing()
    {
        var meters = new TenantMeters();
        meters.Update([Tenant("a", new TenantRateLimit(100))]);
        uint id = meters.IdOf(Tenant("a", new TenantRateLimit(100)));
        Sync(meters, [Rule(id)]);

        Assert.Equal((0, 0), Count(Sync(meters, [Rule(id)])));
        Assert.True(meters.Update([Tenant("a", new TenantRateLimit(40))]));
        Assert.Equal(id, meters.IdOf(Tenant("a", new TenantRateLimit(40))));
        var modify = Assert.IsType<MeterMod>(Assert.Single(Sync(meters, [Rule(id)]).Before));
        Assert.Equal(MeterModCommand.Modify, modify.Command);
        Assert.Equal(40_000u, modify.Bands[0].Rate);
        Assert.Equal(MeterFlags.Kbps | MeterFlags.Stats, modify.Flags);
    }

    [Fact]
    public void Sync_LimitLifted_DeletesTheMeterAfterTheRules()
    {
        var meters = new TenantMeters();
        meters.Update([Tenant("a", new TenantRateLimit(100))]);
        uint id = meters.IdOf(Tenant("a", new TenantRateLimit(100)));
        Sync(meters, [Rule(id)]);

        Assert.True(meters.Update([Tenant("a", null)]));
        var (before, after) = Sync(meters, [Rule(0)]);

        Assert.Empty(before);
        var delete = Assert.IsType<MeterMod>(Assert.Single(after));
        Assert.Equal((MeterModCommand.Delete, id), (delete.Command, delete.MeterId));
        Assert.Empty(meters.On(Dpid));
    }

    [Fact]
    public void Adopt_ReadBackMeters_KeepsTheMatchingOne_ModifiesTheDriftedOne_DeletesTheStray()
    {
        var meters = new TenantMeters();
        meters.Update([Tenant("a", new TenantRateLimit(100, 500)), Tenant("b", new TenantRateLimit(10))]);
        uint a = meters.IdOf(Tenant("a", new TenantRateLimit(100, 500)));
        uint b = meters.IdOf(Tenant("b", new TenantRateLimit(10)));
        meters.Adopt(Dpid,
        [
            Config(TenantMeters.ToMeterMod(MeterModCommand.Add, a, new TenantRateLimit(100, 500))),
            Config(TenantMeters.ToMeterMod(MeterModCommand.Add, b, new TenantRateLimit(99))),
            new MeterConfigEntry { MeterId = 900, Flags = MeterFlags.Pktps, Bands = [OfpMeterBand.Drop(5)] },
        ]);

        var (before, after) = Sync(meters, [Rule(a), Rule(b)]);

        var modify = Assert.IsType<MeterMod>(Assert.Single(before));
        Assert.Equal((MeterModCommand.Modify, b, 10_000u), (modify.Command, modify.MeterId, modify.Bands[0].Rate));
        var delete = Assert.IsType<MeterMod>(Assert.Single(after));
        Assert.Equal((MeterModCommand.Delete, 900u), (delete.Command, delete.MeterId));
    }

    [Theory]
    [InlineData(MeterFlags.Pktps | MeterFlags.Stats, 100_000u)]
    [InlineData(MeterFlags.Kbps, 100_000u)]
    [InlineData(MeterFlags.Kbps | MeterFlags.Stats, 100_500u)]
    public void FromConfig_NotTheShapeOfATenantMeter_IsNull(MeterFlags flags, uint rate)
    {
        Assert.Null(TenantMeters.FromConfig(new MeterConfigEntry { MeterId = 1, Flags = flags, Bands = [OfpMeterBand.Drop(rate)] }));
    }

    [Fact]
    public void FromConfig_TwoBandsOrRemark_IsNull()
    {
        Assert.Null(TenantMeters.FromConfig(new MeterConfigEntry { MeterId = 1, Flags = MeterFlags.Kbps | MeterFlags.Stats, Bands = [OfpMeterBand.Drop(1000), OfpMeterBand.Drop(2000)] }));
        Assert.Null(TenantMeters.FromConfig(new MeterConfigEntry { MeterId = 1, Flags = MeterFlags.Kbps | MeterFlags.Stats, Bands = [OfpMeterBand.DscpRemark(1000, 1)] }));
    }

    private static TenantSpec Tenant(string name, TenantRateLimit? limit) => new(name, []) { RateLimit = limit };

    private static TenantRule Rule(uint meter) => new(0, 40300, TenantCookies.Segment(1),
        [OxmEntry.InPort(meter + 1)],
        meter == 0 ? [OfpInstruction.ApplyActions(OfpAction.Output(2))] : [OfpInstruction.Meter(meter), OfpInstruction.ApplyActions(OfpAction.Output(2))]);

    private static MeterConfigEntry Config(MeterMod mod) => new() { MeterId = mod.MeterId, Flags = mod.Flags, Bands = mod.Bands };

    private static (List<OfpMessage> Before, List<OfpMessage> After) Sync(TenantMeters meters, List<TenantRule> rules)
    {
        var before = new List<OfpMessage>();
        var after = new List<OfpMessage>();
        meters.Sync(Dpid, rules, before.Add, after.Add);
        return (before, after);
    }

    private static (int, int) Count((List<OfpMessage> Before, List<OfpMessage> After) sent) => (sent.Before.Count, sent.After.Count);
}
