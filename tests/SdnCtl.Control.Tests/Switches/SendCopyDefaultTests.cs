using SdnCtl.Control.Switches;
using SdnCtl.Control.Tests.Fakes;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Switches;

/// <summary>The default <see cref="ISwitchConnection.SendCopy"/> (for connections that do not encode at once) sends a copy.</summary>
public sealed class SendCopyDefaultTests
{
    [Fact]
    public void SendCopy_InstanceChangedAfterwards_SentMessageKeepsTheOldValues()
    {
        var fake = new FakeNetwork().AddSwitch(1, "s1", [1]);
        ISwitchConnection connection = fake;
        var mod = new FlowMod { Cookie = 1, Match = [OxmEntry.InPort(1)] };

        connection.SendCopy(mod);
        mod.Cookie = 2;
        mod.Match[0] = OxmEntry.InPort(2);
        connection.SendCopy(mod);

        Assert.Equal(2, fake.FlowMods.Count);
        Assert.Equal(1UL, fake.FlowMods[0].Cookie);
        Assert.Equal(OxmEntry.InPort(1), fake.FlowMods[0].Match[0]);
        Assert.Equal(2UL, fake.FlowMods[1].Cookie);
        Assert.NotSame(mod, fake.FlowMods[1]);
        Assert.Equal(0u, mod.Xid);
    }
}
