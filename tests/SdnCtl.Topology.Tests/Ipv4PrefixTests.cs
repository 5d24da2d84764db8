using System.Net;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Topology.Tests;

public sealed class Ipv4PrefixTests
{
    [Theory]
    [InlineData("10.0.1.0/24", "10.0.1.7", true)]
    [InlineData("10.0.1.0/24", "10.0.2.7", false)]
    [InlineData("0.0.0.0/0", "192.168.56.1", true)]
    [InlineData("10.0.1.0/24", "::ffff:10.0.1.7", false)]
    public void Contains_Address_AsTheNumericForm(string prefix, string address, bool inside)
    {
        Assert.True(Ipv4Prefix.TryParse(prefix, out Ipv4Prefix network, out _));

        Assert.Equal(inside, network.Contains(IPAddress.Parse(address)));
    }
}
