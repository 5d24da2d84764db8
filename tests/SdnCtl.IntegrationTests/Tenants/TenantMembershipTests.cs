using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.DataPlane.Packets;
using SdnCtl.IntegrationTests.Network;
using SdnCtl.Topology;

namespace SdnCtl.IntegrationTests.Tenants;

/// <summary>MAC-based membership follows a host that moves; subnet-based membership classifies by source IP.</summary>
public sealed class TenantMembershipTests
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MacMember_MovesToAnotherServer_KeepsItsSegment_AndStaysApartFromItsNewNeighbour()
    {
        await using var net = await NetworkFixture.StartAsync("virtualised-dc.yaml");
        await TenantIsolationTests.SettleAsync(net);
        Assert.Equal(PingStatus.Replied, (await net.Network.PingAsync("test-1", "test-3", Reply)).Status);

        // test-1 (VLAN 20 by MAC) migrates from srv-a1 to srv-b1, next to prod-3 (VLAN 10 by port).
        Assert.True(await net.Network.MoveHostAsync("test-1", new PortRef("srv-b1", 4)));
        await net.Until(() => net.ControlPlane.Topology.FindHost(0x2001) is { } h && h.Attachment.DatapathId == 21 && h.Attachment.PortNo == 4);
        await TenantIsolationTests.SettleAsync(net);

        foreach (string peer in new[] { "test-2", "test-3" })
        {
            PingResult there = await net.Network.PingAsync("test-1", peer, Reply);
            Assert.True(there.Status == PingStatus.Replied, $"test-1 -> {peer} after the move: {there.Status} {there.Detail} path={string.Join(' ', there.Path)}");
            PingResult back = await net.Network.PingAsync(peer, "test-1", Reply);
            Assert.True(back.Status == PingStatus.Replied, $"{peer} -> test-1 after the move: {back.Status} {back.Detail}");
        }

        Assert.NotEqual(PingStatus.Replied, (await net.Network.PingAsync("test-1", "prod-3", TimeSpan.FromSeconds(2))).Status);
        Assert.NotEqual(PingStatus.Replied, (await net.Network.PingAsync("prod-3", "test-1", TimeSpan.FromSeconds(2))).Status);
    }

    [Fact]
    public async Task SubnetMember_IsClassifiedBySourceIp_AFrameFromOutsideTheSubnetStaysOut()
    {
        await using var net = await NetworkFixture.StartAsync("virtualised-dc.yaml");
        await TenantIsolationTests.SettleAsync(net);
        SimulatedHost admin1 = net.Network.Inventory.FindHost("admin-1")!;
        SimulatedHost admin3 = net.Network.Inventory.FindHost("admin-3")!;
        uint inSubnet = 0x0a1e_0063;   // 10.30.0.99, in admin's 10.30.0.0/24
        uint outside = 0x0a1f_0063;    // 10.31.0.99, outside it
        uint probeTarget = 0x0a1e_00fe;
        var seen = new List<uint>();
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnFrame(SimulatedHost host, ReadOnlySpan<byte> frame)
        {
            // ARP request for probeTarget: sender address at 28..32, target at 38..42.
            if (frame.Length >= 42 && frame[12] == 0x08 && frame[13] == 0x06 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[38..]) == probeTarget)
            {
                uint sender = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame[28..]);
                lock (seen)
                {
                    seen.Add(sender);
                }

                if (sender == inSubnet)
                {
                    inside.TrySetResult();
                }
            }
        }

        admin3.FrameReceived += OnFrame;
        try
        {
            // Same host, same port, same MAC: only the source address differs. The frame from outside
            // the subnet is sent first; had it been classified into the segment it would reach
            // admin-3 first too, over the same ports and links.
            admin1.Send(FrameBuilder.ArpRequest(admin1.Mac, outside, probeTarget));
            admin1.Send(FrameBuilder.ArpRequest(admin1.Mac, inSubnet, probeTarget));
            await inside.Task.WaitAsync(ControlPlaneWaits.Guard);
        }
        finally
        {
            admin3.FrameReceived -= OnFrame;
        }

        lock (seen)
        {
            Assert.Equal([inSubnet], seen);
        }
    }
}
