using BenchmarkDotNet.Attributes;
using SdnCtl.DataPlane.Packets;
using SdnCtl.Nfv;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Nat;
using SdnCtl.Nfv.Routing;

namespace SdnCtl.Benchmarks.Nfv;

/// <summary>
/// Frames per second through each built-in appliance on its fast path, with the state sizes of
/// issue 6: a firewall with 1,000 rules (frames of 1,024 established connections, both directions),
/// a router with 10,000 static routes (prefix lengths 8–28, next hops resolved), a NAT with 100,000
/// live translations (outbound and inbound frames of existing mappings).
/// Each operation copies a template frame into a work buffer (appliances rewrite in place) and
/// processes it; the baseline is that copy alone, so the ratio shows what the appliance adds.
/// One invocation handles <see cref="Batch"/> frames, reported per frame.
/// </summary>
[MemoryDiagnoser]
public class NfvBenchmarks
{
    private const int Batch = 1024;
    private const ulong HostMac = 0x02_00_00_00_00_0A;
    private const ulong PeerMac = 0x02_00_00_00_00_0B;
    private const ulong LanMac = 0x02_00_00_00_02_01;

    private readonly byte[] _work = new byte[1600];
    private readonly NullSink _sink = new();
    private byte[][] _firewallFrames = null!;
    private int[] _firewallIngress = null!;
    private byte[][] _routerFrames = null!;
    private byte[][] _natOut = null!;
    private byte[][] _natIn = null!;
    private FirewallAppliance _firewall = null!;
    private RouterAppliance _router = null!;
    private NatAppliance _nat = null!;

    [GlobalSetup]
    public void Setup()
    {
        SetupFirewall();
        SetupRouter();
        SetupNat();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int Baseline_CopyFrame()
    {
        int total = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] frame = _routerFrames[i];
            frame.CopyTo(_work, 0);
            total += _work[i & 63];
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Firewall_Established_1kRules()
    {
        int forwarded = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] frame = _firewallFrames[i];
            frame.CopyTo(_work, 0);
            forwarded += _firewall.Process(_firewallIngress[i], _work.AsSpan(0, frame.Length), _sink) == FrameDisposition.Forwarded ? 1 : 0;
        }

        return forwarded;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Router_Forward_10kRoutes()
    {
        int forwarded = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] frame = _routerFrames[i];
            frame.CopyTo(_work, 0);
            forwarded += _router.Process(0, _work.AsSpan(0, frame.Length), _sink) == FrameDisposition.Forwarded ? 1 : 0;
        }

        return forwarded;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Nat_Outbound_100kTranslations()
    {
        int forwarded = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] frame = _natOut[i];
            frame.CopyTo(_work, 0);
            forwarded += _nat.Process(0, _work.AsSpan(0, frame.Length), _sink) == FrameDisposition.Forwarded ? 1 : 0;
        }

        return forwarded;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Nat_Inbound_100kTranslations()
    {
        int forwarded = 0;
        for (int i = 0; i < Batch; i++)
        {
            byte[] frame = _natIn[i];
            frame.CopyTo(_work, 0);
            forwarded += _nat.Process(1, _work.AsSpan(0, frame.Length), _sink) == FrameDisposition.Forwarded ? 1 : 0;
        }

        return forwarded;
    }

    private void SetupFirewall()
    {
        var rules = new List<FirewallRuleOptions>();
        for (int i = 0; i < 999; i++)
        {
            // Rules that new connections would have to walk past: denies on ports the traffic never uses.
            rules.Add(new FirewallRuleOptions { Action = FirewallAction.Deny, Protocol = "tcp", Destination = $"172.16.{i % 256}.0/24", DestinationPorts = (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        rules.Add(new FirewallRuleOptions { Action = FirewallAction.Allow, Protocol = "tcp", Source = "10.0.0.0/8" });
        _firewall = (FirewallAppliance)new FirewallKind().Create(
            new FirewallOptions
            {
                Name = "fw",
                Interfaces = [new() { Name = "in", Mac = "02:00:00:00:01:01" }, new() { Name = "out", Mac = "02:00:00:00:01:02" }],
                Rules = rules,
            },
            TimeProvider.System);

        _firewallFrames = new byte[Batch][];
        _firewallIngress = new int[Batch];
        for (int i = 0; i < Batch; i++)
        {
            uint inside = Ip(10, 0, (byte)(i >> 8), (byte)i);
            uint outside = Ip(203, 0, 113, (byte)(i % 200));
            ushort port = (ushort)(40000 + i);
            byte[] syn = FrameBuilder.Tcp(new L2Header(HostMac, PeerMac), inside, outside, port, 443, TcpFlags.Syn);
            Require(_firewall.Process(0, syn, _sink) == FrameDisposition.Forwarded, "firewall setup");
            bool reply = (i & 1) == 1;
            _firewallFrames[i] = reply
                ? FrameBuilder.Tcp(new L2Header(PeerMac, HostMac), outside, inside, 443, port, TcpFlags.Ack, payload: new byte[64])
                : FrameBuilder.Tcp(new L2Header(HostMac, PeerMac), inside, outside, port, 443, TcpFlags.Ack, payload: new byte[64]);
            _firewallIngress[i] = reply ? 1 : 0;
        }
    }

    private void SetupRouter()
    {
        var rnd = new Random(42);
        var routes = new List<RouteOptions>();
        var seen = new HashSet<(uint, int)>();
        var destinations = new List<uint>();
        while (routes.Count < 10_000)
        {
            int length = rnd.Next(8, 29);
            uint network = (uint)rnd.Next() & (uint.MaxValue << (32 - length));
            if ((network >> 24) is 0 or 10 or 127 or >= 224 || (network >> 16) == (192 << 8 | 0) || !seen.Add((network, length)))
            {
                continue;
            }

            int hop = 2 + (routes.Count % 8);
            routes.Add(new RouteOptions { Destination = $"{Text(network)}/{length}", NextHop = $"192.0.2.{hop}" });
            destinations.Add(network | 1);
        }

        _router = (RouterAppliance)new RouterKind().Create(
            new RouterOptions
            {
                Name = "r",
                Interfaces =
                [
                    new() { Name = "lan", Mac = "02:00:00:00:02:01", Address = "10.0.0.1/16" },
                    new() { Name = "wan", Mac = "02:00:00:00:02:02", Address = "192.0.2.1/24" },
                ],
                Routes = routes,
            },
            TimeProvider.System);
        for (int hop = 2; hop < 10; hop++)
        {
            _router.Process(1, FrameBuilder.ArpRequest(0x02_00_00_00_0E_00 + (ulong)hop, Ip(192, 0, 2, (byte)hop), Ip(192, 0, 2, 1)), _sink);
        }

        _routerFrames = new byte[Batch][];
        for (int i = 0; i < Batch; i++)
        {
            _routerFrames[i] = FrameBuilder.Udp(new L2Header(HostMac, LanMac), Ip(10, 0, 0, 5), destinations[rnd.Next(destinations.Count)], 5000, 53, new byte[64]);
            Require(_router.Process(0, _routerFrames[i].ToArray(), _sink) == FrameDisposition.Forwarded, "router setup");
        }
    }

    private void SetupNat()
    {
        _nat = (NatAppliance)new NatKind().Create(
            new NatOptions
            {
                Name = "nat",
                Interfaces =
                [
                    new() { Name = "in", Mac = "02:00:00:00:03:01", Address = "10.1.0.1/16" },
                    new() { Name = "out", Mac = "02:00:00:00:03:02", Address = "198.51.100.1/24" },
                ],
                Gateway = "198.51.100.254",
            },
            TimeProvider.System);
        _nat.Process(1, FrameBuilder.ArpRequest(0x02_00_00_00_0F_FE, Ip(198, 51, 100, 254), Ip(198, 51, 100, 1)), _sink);
        const int Hosts = 500;
        for (int h = 0; h < Hosts; h++)
        {
            _nat.Process(0, FrameBuilder.ArpRequest(0x08_00_27_00_00_00 + (ulong)h, InsideHost(h), Ip(10, 1, 0, 1)), _sink);
        }

        // 100,000 live mappings: 500 hosts × 100 sockets × {TCP, UDP}.
        var capture = new CaptureSink();
        var outbound = new List<byte[]>();
        var inbound = new List<byte[]>();
        for (int h = 0; h < Hosts; h++)
        {
            for (int s = 0; s < 100; s++)
            {
                ushort port = (ushort)(20000 + s);
                var l2 = new L2Header(0x08_00_27_00_00_00 + (ulong)h, 0x02_00_00_00_03_01);
                byte[] tcp = FrameBuilder.Tcp(l2, InsideHost(h), Ip(8, 8, 8, 8), port, 443, TcpFlags.Ack, payload: new byte[64]);
                byte[] udp = FrameBuilder.Udp(l2, InsideHost(h), Ip(8, 8, 4, 4), port, 53, new byte[64]);
                foreach (byte[] frame in new[] { tcp, udp })
                {
                    capture.Last = null;
                    Require(_nat.Process(0, frame.ToArray(), capture) == FrameDisposition.Forwarded, "nat setup");
                    if ((h * 100 + s) % 97 == 0 && outbound.Count < Batch)
                    {
                        outbound.Add(frame);
                        inbound.Add(Reply(capture.Last!));
                    }
                }
            }
        }

        Require(_nat.TranslationCount == 100_000, "nat has 100,000 translations");
        _natOut = [.. outbound];
        _natIn = [.. inbound];
        Require(_natOut.Length == Batch, "nat batch");
    }

    /// <summary>The outside host's answer to a translated frame: addresses and ports turned round.</summary>
    private static byte[] Reply(byte[] sent)
    {
        uint src = (uint)(sent[26] << 24 | sent[27] << 16 | sent[28] << 8 | sent[29]);
        uint dst = (uint)(sent[30] << 24 | sent[31] << 16 | sent[32] << 8 | sent[33]);
        ushort sport = (ushort)(sent[34] << 8 | sent[35]);
        ushort dport = (ushort)(sent[36] << 8 | sent[37]);
        var l2 = new L2Header(0x02_00_00_00_0F_FE, 0x02_00_00_00_03_02);
        return sent[23] == 6
            ? FrameBuilder.Tcp(l2, dst, src, dport, sport, TcpFlags.Ack, payload: new byte[64])
            : FrameBuilder.Udp(l2, dst, src, dport, sport, new byte[64]);
    }

    private static uint InsideHost(int h) => Ip(10, 1, (byte)(1 + (h >> 8)), (byte)h);

    private static uint Ip(byte a, byte b, byte c, byte d) => (uint)(a << 24 | b << 16 | c << 8 | d);

    private static string Text(uint ip) => $"{ip >> 24}.{(ip >> 16) & 0xFF}.{(ip >> 8) & 0xFF}.{ip & 0xFF}";

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Benchmark setup failed: " + what);
        }
    }

    private sealed class NullSink : IFrameSink
    {
        public int Count { get; private set; }

        public void Emit(int egressInterface, ReadOnlySpan<byte> frame) => Count++;
    }

    private sealed class CaptureSink : IFrameSink
    {
        public byte[]? Last { get; set; }

        public void Emit(int egressInterface, ReadOnlySpan<byte> frame) => Last = frame.ToArray();
    }
}
