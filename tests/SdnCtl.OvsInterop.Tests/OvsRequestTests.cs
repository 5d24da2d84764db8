using SdnCtl.Control.Network;
using SdnCtl.IntegrationTests;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>Controller-to-switch requests other than flows and statistics, answered by Open vSwitch.</summary>
[Collection(OvsCollection.Name)]
public sealed class OvsRequestTests(OvsFixture ovs)
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [SkippableFact]
    public async Task GetConfig_AfterTheHandshake_OvsHasTheControllersSetConfig()
    {
        ovs.SkipIfUnavailable();
        var reply = await ovs.Connection("oc").RequestAsync<GetConfigReply>(new GetConfigRequest()).WaitAsync(Guard);

        Assert.Equal(ConfigFlags.FragNormal, reply.Flags);
        Assert.Equal(OfpConstants.ControllerMaxLenNoBuffer, reply.MissSendLen);
    }

    [SkippableFact]
    public async Task GetAsync_DefaultConfiguration_MasterGetsPacketInsAndPortStatus()
    {
        ovs.SkipIfUnavailable();
        var reply = await ovs.Connection("oc").RequestAsync<GetAsyncReply>(new GetAsyncRequest()).WaitAsync(Guard);

        // Index 0 is master/equal: OFPR_NO_MATCH and OFPR_ACTION packet-ins, every PORT_STATUS reason.
        Assert.Equal(0b11u, reply.PacketInMask[0] & 0b11u);
        Assert.Equal(0b111u, reply.PortStatusMask[0]);
    }

    [SkippableFact]
    public async Task RoleRequest_MasterThenEqual_OvsConfirmsRoleAndGeneration()
    {
        ovs.SkipIfUnavailable();
        var connection = ovs.Connection("oc");
        try
        {
            var master = await connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Master, GenerationId = 7 }).WaitAsync(Guard);
            Assert.Equal(ControllerRole.Master, master.Role);
            Assert.Equal(7UL, master.GenerationId);
        }
        finally
        {
            var equal = await connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal }).WaitAsync(Guard);
            Assert.Equal(ControllerRole.Equal, equal.Role);
        }
    }

    [SkippableFact]
    public async Task PortMod_PortDownThenUp_OvsReportsItWithPortStatus()
    {
        ovs.SkipIfUnavailable();
        var control = ovs.Host.ControlPlane;
        ulong oc = ovs.Dpid("oc");
        var connection = ovs.Connection("oc");
        ulong hwAddr = control.Topology.FindSwitch(oc)!.FindPort(1)!.HwAddr;
        try
        {
            connection.Send(new PortMod { PortNo = 1, HwAddr = hwAddr, Config = PortConfig.PortDown, Mask = PortConfig.PortDown });
            connection.Flush();
            await ControlPlaneWaits.UntilAsync(control, () => Port(oc, 1) is { IsUp: false });
        }
        finally
        {
            connection.Send(new PortMod { PortNo = 1, HwAddr = hwAddr, Config = PortConfig.None, Mask = PortConfig.PortDown });
            await connection.BarrierAsync().WaitAsync(Guard);
        }

        await ControlPlaneWaits.UntilAsync(control, () => Port(oc, 1) is { IsUp: true });
    }

    private PortInfo? Port(ulong dpid, uint number) => ovs.Host.ControlPlane.Topology.FindSwitch(dpid)?.FindPort(number);
}
