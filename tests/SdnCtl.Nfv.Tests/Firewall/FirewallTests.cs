using System.Net;
using Microsoft.Extensions.Time.Testing;
using PacketDotNet;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Tests.Support;
using static SdnCtl.Nfv.Tests.Support.TestFrames;

namespace SdnCtl.Nfv.Tests.Firewall;

public sealed class FirewallTests
{
    private const ulong InsideHost = 0x02_00_00_00_00_0A;
    private const ulong OutsideHost = 0x02_00_00_00_00_0B;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();

    private FirewallAppliance Create(FirewallAction defaultAction, params FirewallRuleOptions[] rules) => Create(defaultAction, 2, rules);

    private FirewallAppliance Create(FirewallAction defaultAction, int interfaces, params FirewallRuleOptions[] rules)
    {
        var options = new FirewallOptions
        {
            Name = "fw",
            Interfaces = Enumerable.Range(0, interfaces).Select(i => new InterfaceOptions { Name = "if" + i, Mac = $"02:00:00:00:01:0{i + 1}" }).ToList(),
            Rules = [.. rules],
            DefaultAction = defaultAction,
            TcpTimeout = TimeSpan.FromMinutes(10),
            UdpTimeout = TimeSpan.FromSeconds(30),
        };
        return (FirewallAppliance)new FirewallKind().Create(options, _time);
    }

    private FrameDisposition Send(FirewallAppliance fw, int ingress, byte[] frame)
    {
        _sink.Clear();
        return fw.Process(ingress, frame, _sink);
    }

    [Fact]
    public void Process_FirstMatchingRuleDecides_AndCountsItsHits()
    {
        FirewallAppliance fw = Create(
            FirewallAction.Allow,
            new FirewallRuleOptions { Name = "no-ssh", Action = FirewallAction.Deny, Protocol = "tcp", DestinationPorts = "22" },
            new FirewallRuleOptions { Name = "tcp", Action = FirewallAction.Allow, Protocol = "tcp" },
            new FirewallRuleOptions { Name = "never", Action = FirewallAction.Deny, Protocol = "tcp", DestinationPorts = "80" });

        Assert.Equal(FrameDisposition.Dropped, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 40000, "10.0.1.1", 22, Syn)));
        Assert.Empty(_sink.Frames);
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 40001, "10.0.1.1", 80, Syn)));
        Assert.Equal(1, Assert.Single(_sink.Frames).Interface);

        IReadOnlyList<FirewallRuleHits> hits = fw.GetRuleHits();
        Assert.Equal([1L, 1L, 0L], hits.Select(h => h.Hits));
        Assert.Equal("no-ssh", hits[0].Name);
        Assert.Contains(fw.GetCounters(), c => c.Name == "rule[0]:no-ssh" && c.Value == 1);
    }

    [Fact]
    public void Process_ReturnTrafficOfAllowedConnection_Passes_UnsolicitedDoesNot()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Source = "10.0.0.0/24", Protocol = "tcp" });

        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 40000, "203.0.113.9", 443, Syn)));
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Tcp(OutsideHost, InsideHost, "203.0.113.9", 443, "10.0.0.1", 40000, Syn | Ack)));
        Assert.Equal(0, Assert.Single(_sink.Frames).Interface);

        // Same hosts, another port: not part of the connection, and the rules do not allow it.
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 1, Tcp(OutsideHost, InsideHost, "203.0.113.9", 443, "10.0.0.1", 40001, Syn | Ack)));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 1, Tcp(OutsideHost, InsideHost, "203.0.113.9", 5555, "10.0.0.1", 22, Syn)));
        Assert.Equal(1, fw.ConnectionCount);
        Assert.Contains(fw.GetCounters(), c => c.Name == "established" && c.Value == 1);
    }

    [Fact]
    public void Process_ReturnTrafficAfterIdleTimeout_IsDropped()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Source = "10.0.0.0/24", Protocol = "udp" });
        Send(fw, 0, Udp(InsideHost, OutsideHost, "10.0.0.1", 5000, "198.51.100.1", 53));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Udp(OutsideHost, InsideHost, "198.51.100.1", 53, "10.0.0.1", 5000)));

        // The reply refreshed the flow: 29 s later it is still alive, 31 s after that it is gone.
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Udp(OutsideHost, InsideHost, "198.51.100.1", 53, "10.0.0.1", 5000)));
        _time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 1, Udp(OutsideHost, InsideHost, "198.51.100.1", 53, "10.0.0.1", 5000)));
        Assert.Empty(fw.GetConnections());
    }

    [Fact]
    public void Tick_AfterTimeout_ForgetsConnections()
    {
        FirewallAppliance fw = Create(FirewallAction.Allow);
        for (ushort port = 1000; port < 1010; port++)
        {
            Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", port, "10.0.1.1", 80, Syn));
        }

        TrackedConnection c = fw.GetConnections()[0];
        Assert.Equal(("tcp", "10.0.0.1", "10.0.1.1", 80), (c.Protocol, c.Source, c.Destination, c.DestinationPort));
        Assert.Equal(TimeSpan.FromMinutes(10), c.ExpiresIn);
        _time.Advance(TimeSpan.FromMinutes(11));
        fw.Tick(_sink);
        Assert.Equal(0, fw.ConnectionCount);
    }

    [Fact]
    public void Process_TcpReset_EndsTheConnection()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Source = "10.0.0.0/24" });
        Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 40000, "10.9.0.1", 80, Syn));
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Tcp(OutsideHost, InsideHost, "10.9.0.1", 80, "10.0.0.1", 40000, Rst)));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 1, Tcp(OutsideHost, InsideHost, "10.9.0.1", 80, "10.0.0.1", 40000, Ack)));
    }

    [Fact]
    public void Process_RejectedTcp_AnswersWithResetOnIngress()
    {
        FirewallAppliance fw = Create(FirewallAction.Reject);
        Assert.Equal(FrameDisposition.Rejected, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 40000, "10.0.1.1", 25, Syn, seq: 5000)));

        (int iface, Packet packet) = _sink.TakeSingle();
        Assert.Equal(0, iface);
        var eth = (EthernetPacket)packet;
        Assert.Equal("02000000000A", eth.DestinationHardwareAddress.ToString());
        var ip = packet.Extract<IPv4Packet>();
        var tcp = packet.Extract<TcpPacket>();
        Assert.True(ip.ValidIPChecksum);
        Assert.True(tcp.ValidTcpChecksum);
        Assert.Equal(IPAddress.Parse("10.0.1.1"), ip.SourceAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ip.DestinationAddress);
        Assert.Equal((25, 40000), (tcp.SourcePort, tcp.DestinationPort));
        Assert.True(tcp.Reset);
        Assert.True(tcp.Acknowledgment);
        Assert.Equal(5001u, tcp.AcknowledgmentNumber);
    }

    [Fact]
    public void Process_RejectedUdp_AnswersWithIcmpPortUnreachableQuotingTheDatagram()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Action = FirewallAction.Reject, Protocol = "udp", DestinationPorts = "161-162" });
        byte[] datagram = Udp(InsideHost, OutsideHost, "10.0.0.1", 5000, "10.0.1.1", 161);
        Assert.Equal(FrameDisposition.Rejected, Send(fw, 0, datagram));

        (int iface, Packet packet) = _sink.TakeSingle();
        Assert.Equal(0, iface);
        var ip = packet.Extract<IPv4Packet>();
        var icmp = packet.Extract<IcmpV4Packet>();
        Assert.True(ip.ValidIPChecksum);
        Assert.Equal(IcmpV4TypeCode.UnreachablePort, icmp.TypeCode);
        Assert.Equal(IPAddress.Parse("10.0.0.1"), ip.DestinationAddress);
        byte[] icmpBytes = icmp.HeaderData.Concat(icmp.PayloadData ?? []).ToArray();
        Assert.Equal(0, Fold(icmpBytes));
        Assert.Equal(datagram.AsSpan(14, 28).ToArray(), icmpBytes.AsSpan(8, 28).ToArray());
    }

    [Fact]
    public void Process_IcmpTypeRule_AllowsPingAndItsReplyOnly()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Protocol = "icmp", IcmpType = 8, Source = "10.0.0.0/24" });
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 0, Icmp(InsideHost, OutsideHost, "10.0.0.1", "10.0.1.1", 8, id: 7)));
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Icmp(OutsideHost, InsideHost, "10.0.1.1", "10.0.0.1", 0, id: 7)));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 1, Icmp(OutsideHost, InsideHost, "10.0.1.1", "10.0.0.1", 0, id: 8)));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 0, Icmp(InsideHost, OutsideHost, "10.0.0.1", "10.0.1.1", 13, id: 7)));
    }

    [Theory]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(2000, true)]
    [InlineData(2001, false)]
    public void Process_PortRangeRule_MatchesInclusiveBounds(int port, bool allowed)
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Protocol = "udp", DestinationPorts = "1000-2000" });
        FrameDisposition d = Send(fw, 0, Udp(InsideHost, OutsideHost, "10.0.0.1", 5000, "10.0.1.1", (ushort)port));
        Assert.Equal(allowed ? FrameDisposition.Forwarded : FrameDisposition.Dropped, d);
    }

    [Fact]
    public void Process_NonIpFrames_PassUntouched()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny);
        byte[] arp = Arp(1, InsideHost, "10.0.0.1", 0, "10.0.0.2");
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, arp));
        (int iface, byte[] frame) = Assert.Single(_sink.Frames);
        Assert.Equal(0, iface);
        Assert.Equal(arp, frame);
    }

    [Fact]
    public void Process_OneArmed_SendsBackOutOfTheSameInterface()
    {
        FirewallAppliance fw = Create(FirewallAction.Allow, 1);
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 40000, "10.0.1.1", 80, Syn)));
        Assert.Equal(0, Assert.Single(_sink.Frames).Interface);
    }

    [Fact]
    public void Process_TableFull_DropsNewConnectionsButKeepsEstablishedOnes()
    {
        var options = new FirewallOptions
        {
            Name = "fw",
            Interfaces = [new() { Name = "a", Mac = "02:00:00:00:01:01" }, new() { Name = "b", Mac = "02:00:00:00:01:02" }],
            DefaultAction = FirewallAction.Allow,
            MaxConnections = 2,
        };
        var fw = (FirewallAppliance)new FirewallKind().Create(options, _time);
        Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 1, "10.0.1.1", 80, Syn));
        Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 2, "10.0.1.1", 80, Syn));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 3, "10.0.1.1", 80, Syn)));
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Tcp(OutsideHost, InsideHost, "10.0.1.1", 80, "10.0.0.1", 2, Syn | Ack)));
        Assert.Contains(fw.GetCounters(), c => c.Name == "table-full" && c.Value == 1);
    }

    [Fact]
    public void ReplaceRules_InvalidRule_NamesTheFieldAndChangesNothing()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Protocol = "tcp" });
        var e = Assert.Throws<ApplianceOptionsException>(() => fw.ReplaceRules(
        [
            new FirewallRuleOptions { Protocol = "udp" },
            new FirewallRuleOptions { Source = "10.0.0.1/24" },
            new FirewallRuleOptions { Protocol = "icmp", DestinationPorts = "80" },
            new FirewallRuleOptions { Protocol = "tcp", IcmpType = 3 },
            new FirewallRuleOptions { Protocol = "gre" },
        ]));
        Assert.Equal(["rules[1].source", "rules[2].destinationPorts", "rules[3].icmpType", "rules[4].protocol"], e.Errors.Select(x => x.Option));
        Assert.Contains("host bits", e.Errors[0].Message, StringComparison.Ordinal);
        Assert.Single(fw.GetRuleHits());
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 1, "10.0.1.1", 80, Syn)));
    }

    [Fact]
    public void ReplaceRules_Valid_AppliesToNewConnectionsOnly()
    {
        FirewallAppliance fw = Create(FirewallAction.Deny, new FirewallRuleOptions { Protocol = "tcp" });
        Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 1, "10.0.1.1", 80, Syn));
        fw.ReplaceRules([new FirewallRuleOptions { Protocol = "udp" }]);
        Assert.Equal(FrameDisposition.Forwarded, Send(fw, 1, Tcp(OutsideHost, InsideHost, "10.0.1.1", 80, "10.0.0.1", 1, Ack)));
        Assert.Equal(FrameDisposition.Dropped, Send(fw, 0, Tcp(InsideHost, OutsideHost, "10.0.0.1", 2, "10.0.1.1", 80, Syn)));
    }

    private static int Fold(byte[] data)
    {
        uint sum = 0;
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if ((data.Length & 1) != 0)
        {
            sum += (uint)data[^1] << 8;
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (int)(~sum & 0xFFFF);
    }
}
