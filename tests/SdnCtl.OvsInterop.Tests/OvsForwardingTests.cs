namespace SdnCtl.OvsInterop.Tests;

/// <summary>Namespace hosts on different OVS bridges reach each other through the controller's reactive forwarding.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsForwardingTests(OvsFixture ovs)
{
    [SkippableFact]
    public async Task Ping_HostsOnDifferentBridges_AnsweredAndHostsLearnedWhereTheyAre()
    {
        ovs.SkipIfUnavailable();
        foreach (var (from, to) in new[] { ("oh1", "oh3"), ("oh2", "oh3"), ("oh3", "oh1") })
        {
            await Poll.UntilAsync(() => OvsFixture.PingOnceAsync(from, ovs.HostAddress(to)), $"{from} gets an answer from {to}");
        }

        var topology = ovs.Host.ControlPlane.Topology;
        foreach (var declared in ovs.Document.Hosts)
        {
            var host = topology.FindHost(declared.Mac);
            Assert.NotNull(host);
            Assert.Equal(ovs.Dpid(declared.Attachment.Switch), host.Attachment.DatapathId);
            Assert.Equal(declared.Attachment.Port, host.Attachment.PortNo);
        }

        // The middle bridge forwards toward oh3 by a rule the controller installed, out of its port to oc.
        var flows = await OvsFixture.DumpFlowsAsync("ob");
        Assert.Contains(flows, f => f.EndsWith("dl_dst=02:77:00:00:00:03 actions=output:3", StringComparison.Ordinal));
    }
}
