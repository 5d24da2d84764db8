using SdnCtl.Control.Network;
using SdnCtl.Control.PathComputation;
using SdnCtl.Topology;

namespace SdnCtl.Control.Tests.PathComputation;

public class EndpointTests
{
    private readonly TopologySnapshot _snapshot = RandomNetworks.FromDocument(TopologyGenerators.Linear(3));
    private readonly PathComputationService _service = new();

    [Theory]
    [InlineData("h2", 2UL, true)]
    [InlineData("00:00:00:00:00:03", 3UL, true)]
    [InlineData("s1", 1UL, false)]
    [InlineData("2", 2UL, false)]
    [InlineData("0x3", 3UL, false)]
    [InlineData("0000000000000001", 1UL, false)]
    [InlineData("00:00:00:00:00:00:00:02", 2UL, false)]
    public void TryResolveEndpoint_EveryAcceptedForm_FindsTheSwitch(string text, ulong dpid, bool isHost)
    {
        Assert.True(_service.TryResolveEndpoint(_snapshot, text, out PathEndpoint endpoint));
        Assert.Equal(dpid, endpoint.DatapathId);
        Assert.Equal(isHost, endpoint.HostPort is not null);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h9")]
    [InlineData("99")]
    [InlineData("00:00:00:00:00:99")]
    [InlineData("zz:zz")]
    public void TryResolveEndpoint_Unknown_IsFalse(string text) =>
        Assert.False(_service.TryResolveEndpoint(_snapshot, text, out _));

    [Fact]
    public void TryResolveEndpoint_Host_CarriesItsAttachmentPort()
    {
        _service.TryResolveEndpoint(_snapshot, "h1", out PathEndpoint endpoint);

        Assert.Equal(new SwitchPort(1, 1), endpoint.HostPort);
        Assert.Equal("h1", endpoint.Label);
    }
}
