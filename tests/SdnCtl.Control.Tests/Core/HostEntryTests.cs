using System.Net;
using SdnCtl.Control.Core;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tests.Core;

/// <summary>A host's addresses, held in the entry: most recent last, at most <see cref="HostEntry.MaxAddresses"/>.</summary>
public class HostEntryTests
{
    private static readonly SwitchPort At = new(1, 1);

    [Fact]
    public void AddAddress_PastTheLimit_DropsTheOldestAndReturnsIt()
    {
        var host = new HostEntry(0xa, At, DateTimeOffset.UnixEpoch, name: null);
        for (uint ip = 1; ip <= HostEntry.MaxAddresses; ip++)
        {
            Assert.Equal(0u, host.AddAddress(ip));
        }

        Assert.Equal(1u, host.AddAddress(9));
        Assert.Equal([2u, 3u, 4u, 9u], host.Ipv4.ToArray());
    }

    [Fact]
    public void AddAddress_KnownAddress_MovesItToTheEndWithoutDroppingAny()
    {
        var host = new HostEntry(0xa, At, DateTimeOffset.UnixEpoch, name: null);
        host.AddAddress(1);
        host.AddAddress(2);
        host.AddAddress(3);
        host.AddAddress(4);

        Assert.Equal(0u, host.AddAddress(2));
        Assert.Equal([1u, 3u, 4u, 2u], host.Ipv4.ToArray());
    }

    [Fact]
    public void RemoveAddress_KeepsTheOthersInOrder()
    {
        var host = new HostEntry(0xa, At, DateTimeOffset.UnixEpoch, name: null);
        host.AddAddress(1);
        host.AddAddress(2);
        host.AddAddress(3);

        Assert.True(host.RemoveAddress(2));
        Assert.False(host.RemoveAddress(2));
        Assert.Equal([1u, 3u], host.Ipv4.ToArray());
    }

    [Fact]
    public void ObserveHost_AddressChangesHands_OnlyTheNewOwnerHasIt()
    {
        var state = new NetworkState(declared: null);
        state.BeginInput(DateTimeOffset.UnixEpoch);
        state.ObserveHost(0xa, new SwitchPort(1, 1), 0x0a000001);
        state.ObserveHost(0xb, new SwitchPort(1, 2), 0x0a000001);

        Assert.Equal(0xbul, state.FindHostByIp(0x0a000001)?.Mac);
        Assert.Empty(state.GetSnapshot().FindHost(0xa)!.Ipv4Addresses);
        Assert.Equal([IPAddress.Parse("10.0.0.1")], state.GetSnapshot().FindHost(0xb)!.Ipv4Addresses.ToArray());
    }

    [Fact]
    public void ObserveHost_FifthAddress_ForgetsTheOldestForArpToo()
    {
        var state = new NetworkState(declared: null);
        state.BeginInput(DateTimeOffset.UnixEpoch);
        for (uint i = 1; i <= 5; i++)
        {
            state.ObserveHost(0xa, new SwitchPort(1, 1), 0x0a000000 + i);
        }

        Assert.Null(state.FindHostByIp(0x0a000001));
        Assert.Equal(0xaul, state.FindHostByIp(0x0a000005)?.Mac);
        Assert.Equal(4, state.GetSnapshot().FindHost(0xa)!.Ipv4Addresses.Length);
    }
}
