using System.Collections.Concurrent;
using System.Buffers.Binary;
using SdnCtl.DataPlane.Hosts;
using SdnCtl.DataPlane.Network;
using SdnCtl.IntegrationTests.Network;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.IntegrationTests.Tenants;

/// <summary>
/// virtualised-dc.yaml over real TCP with the simulator running the compiled rules: every pair of
/// hosts pings exactly when they share a segment (or are both in none), and no host ever receives
/// a frame sent by a host of another segment.
/// </summary>
public sealed class TenantIsolationTests
{
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(10);

    // A ping that must fail waits this long for a reply that must never come; the frames seen at
    // every host (below) are the second, timing-free proof that nothing crossed.
    private static readonly TimeSpan NoReply = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task VirtualisedDc_EveryPair_PingsExactlyWhenInTheSameSegment_AndNoFrameCrossesSegments()
    {
        await using var net = await NetworkFixture.StartAsync("virtualised-dc.yaml");
        await SettleAsync(net);
        Dictionary<ulong, string> segmentOf = SegmentsByMac(net.Document);
        var crossings = new ConcurrentQueue<string>();
        var broadcastsSeen = new ConcurrentDictionary<string, int>();
        void OnFrame(SimulatedHost host, ReadOnlySpan<byte> frame)
        {
            if (frame.Length < 14)
            {
                return;
            }

            ulong destination = ReadMac(frame);
            ulong source = ReadMac(frame[6..]);
            if (!segmentOf.TryGetValue(source, out string? from))
            {
                return; // LLDP and other frames from switches
            }

            if (destination == 0xffff_ffff_ffff)
            {
                broadcastsSeen.AddOrUpdate(host.Name, 1, (_, n) => n + 1);
            }

            if (segmentOf[host.Mac] != from)
            {
                crossings.Enqueue($"{host.Name} ({segmentOf[host.Mac]}) received a frame from {MacFormat.Format(source)} ({from})");
            }
        }

        foreach (SimulatedHost h in net.Network.Hosts)
        {
            h.FrameReceived += OnFrame;
        }

        HostSpec[] hosts = [.. net.Document.Hosts];
        var same = new List<(HostSpec A, HostSpec B)>();
        var different = new List<(HostSpec A, HostSpec B)>();
        foreach (HostSpec a in hosts)
        {
            foreach (HostSpec b in hosts.Where(b => b != a))
            {
                (segmentOf[a.Mac] == segmentOf[b.Mac] ? same : different).Add((a, b));
            }
        }

        var failures = new List<string>();
        foreach (var (a, b) in same)
        {
            PingResult result = await net.Network.PingAsync(a.Name, b.Name, Reply);
            if (result.Status != PingStatus.Replied)
            {
                failures.Add($"{a.Name}->{b.Name} (same segment {segmentOf[a.Mac]}): {result.Status} {result.Detail} path={string.Join(' ', result.Path)}");
            }
        }

        // Pairs in different segments ping concurrently: each must time out, and serially that is minutes.
        PingResult[] crossResults = await Task.WhenAll(different.Select(p => net.Network.PingAsync(p.A.Name, p.B.Name, NoReply)));
        for (int i = 0; i < different.Count; i++)
        {
            if (crossResults[i].Status == PingStatus.Replied)
            {
                var (a, b) = different[i];
                failures.Add($"{a.Name}->{b.Name} ({segmentOf[a.Mac]} to {segmentOf[b.Mac]}) got a reply; path={string.Join(' ', crossResults[i].Path)}");
            }
        }

        foreach (SimulatedHost h in net.Network.Hosts)
        {
            h.FrameReceived -= OnFrame;
        }

        Assert.Empty(failures);
        Assert.Empty(crossings);
        Assert.Equal(26, same.Count);
        Assert.Equal(156, different.Count);

        // Every segment member ARPed for every other; each saw broadcasts, all from its own segment
        // (above). Hosts in no segment get proxy-ARP answers from the controller instead.
        Assert.All(hosts.Where(h => segmentOf[h.Mac] != "none"), h => Assert.True(broadcastsSeen.GetValueOrDefault(h.Name) > 0, $"{h.Name} saw no broadcast from its segment"));
    }

    /// <summary>Waits until the tenant rules are on every switch: a barrier through each switch after the controller went quiet.</summary>
    internal static async Task SettleAsync(NetworkFixture net)
    {
        await net.ControlPlane.QuiesceAsync();
        await Task.WhenAll(net.ControlPlane.Connections.Select(c => c.BarrierAsync()));
    }

    /// <summary>Segment of every declared host by MAC ("tenant/segment", or "none"), classified as the controller does: port, then MAC, then subnet.</summary>
    internal static Dictionary<ulong, string> SegmentsByMac(TopologyDocument document)
    {
        var result = new Dictionary<ulong, string>();
        foreach (HostSpec h in document.Hosts)
        {
            byte[] ip = h.Ipv4.GetAddressBytes();
            uint address = BinaryPrimitives.ReadUInt32BigEndian(ip);
            string? byPort = null, byMac = null, bySubnet = null;
            foreach (TenantSpec t in document.Tenants)
            {
                foreach (SegmentSpec s in t.Segments)
                {
                    foreach (MemberSpec m in s.Members)
                    {
                        string name = $"{t.Name}/{s.Name}";
                        switch (m.Kind)
                        {
                            case MemberKind.Port when m.Port == h.Attachment:
                                byPort ??= name;
                                break;
                            case MemberKind.Mac when m.Mac == h.Mac:
                                byMac ??= name;
                                break;
                            case MemberKind.Subnet when m.Subnet.Contains(address):
                                bySubnet ??= name;
                                break;
                        }
                    }
                }
            }

            result[h.Mac] = byPort ?? byMac ?? bySubnet ?? "none";
        }

        return result;
    }

    private static ulong ReadMac(ReadOnlySpan<byte> bytes) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 32) | BinaryPrimitives.ReadUInt32BigEndian(bytes[2..]);
}
