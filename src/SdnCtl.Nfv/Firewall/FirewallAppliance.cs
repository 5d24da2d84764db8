using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Firewall;

/// <summary>
/// A stateful firewall. The first frame of a connection is checked against the ordered rules; an
/// allowed one is tracked by its 5-tuple, and every later frame of it, either way, passes on one
/// hash lookup without looking at the rules. Idle connections expire after the protocol's timeout.
/// </summary>
public sealed class FirewallAppliance : NetworkAppliance
{
    private const int SweepEveryInserts = 4096;

    private readonly Dictionary<FlowKey, long> _connections = [];
    private readonly long _tcpTimeout;
    private readonly long _udpTimeout;
    private readonly long _otherTimeout;
    private readonly int _maxConnections;
    private readonly FirewallAction _defaultAction;
    private FirewallRuleSet _rules;
    private int _insertsSinceSweep;
    private long _established;
    private long _newAllowed;
    private long _denied;
    private long _defaultHits;
    private long _tableFull;
    private long _malformed;
    private long _expired;

    internal FirewallAppliance(FirewallOptions options, TimeProvider time)
        : base(options, time)
    {
        var errors = new List<OptionError>();
        if (!FirewallRuleSet.TryCompile(options.Rules, "rules", errors, out FirewallRuleSet? rules))
        {
            throw new ApplianceOptionsException(errors);
        }

        _rules = rules!;
        _defaultAction = options.DefaultAction;
        _maxConnections = options.MaxConnections;
        _tcpTimeout = ToTimestamp(options.TcpTimeout);
        _udpTimeout = ToTimestamp(options.UdpTimeout);
        _otherTimeout = ToTimestamp(options.OtherTimeout);
    }

    public override string Kind => "firewall";

    /// <summary>Connections tracked now (expired ones may linger until the next sweep).</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>
    /// Replaces every rule at once; bad rules change nothing. Tracked connections stay, as with
    /// Linux conntrack: a new rule applies to new connections.
    /// </summary>
    /// <exception cref="ApplianceOptionsException">A rule is invalid; each bad field is named (<c>rules[i].field</c>).</exception>
    public void ReplaceRules(IReadOnlyList<FirewallRuleOptions> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var errors = new List<OptionError>();
        if (!FirewallRuleSet.TryCompile(rules, "rules", errors, out FirewallRuleSet? compiled))
        {
            throw new ApplianceOptionsException(errors);
        }

        _rules = compiled!;
    }

    /// <summary>Hit counters of every rule, in rule order.</summary>
    public IReadOnlyList<FirewallRuleHits> GetRuleHits()
    {
        FirewallRuleSet.Rule[] rules = _rules.Rules;
        var result = new FirewallRuleHits[rules.Length];
        for (int i = 0; i < rules.Length; i++)
        {
            result[i] = new FirewallRuleHits(i, rules[i].Name, rules[i].Action, rules[i].Hits);
        }

        return result;
    }

    /// <summary>The live connections, as initiated.</summary>
    public IReadOnlyList<TrackedConnection> GetConnections()
    {
        long now = Time.GetTimestamp();
        var result = new List<TrackedConnection>(_connections.Count);
        foreach ((FlowKey key, long expiresAt) in _connections)
        {
            if (expiresAt > now)
            {
                result.Add(new TrackedConnection(
                    ProtocolName(key.Protocol), Ipv4Prefix.FormatAddress(key.Source), key.SourcePort,
                    Ipv4Prefix.FormatAddress(key.Destination), key.DestinationPort, Time.GetElapsedTime(now, expiresAt)));
            }
        }

        return result;
    }

    protected override FrameDisposition OnFrame(int ingressInterface, Span<byte> frame, IFrameSink sink)
    {
        if (!Ipv4Packet.TryReadEtherType(frame, out ushort etherType, out int l3))
        {
            _malformed++;
            return FrameDisposition.Dropped;
        }

        int egress = Interfaces.Count == 2 ? 1 - ingressInterface : ingressInterface;
        if (etherType != Ipv4Packet.EtherTypeIpv4)
        {
            sink.Emit(egress, frame);
            return FrameDisposition.Forwarded;
        }

        if (!Ipv4Packet.TryParse(frame, l3, out Ipv4Packet packet))
        {
            _malformed++;
            return FrameDisposition.Dropped;
        }

        long now = Time.GetTimestamp();
        var key = new FlowKey(packet.Protocol, packet.Source, packet.SourcePort(frame), packet.Destination, packet.DestinationPort(frame));
        ref long expiresAt = ref CollectionsMarshal.GetValueRefOrNullRef(_connections, key);
        FlowKey trackedKey = key;
        if (Unsafe.IsNullRef(ref expiresAt))
        {
            trackedKey = key.Reverse();
            expiresAt = ref CollectionsMarshal.GetValueRefOrNullRef(_connections, trackedKey);
        }

        if (!Unsafe.IsNullRef(ref expiresAt))
        {
            if (expiresAt > now)
            {
                _established++;
                if (packet.Protocol == IpProtocol.Tcp && packet.HasPorts && (frame[packet.L4 + 13] & TcpFlags.Rst) != 0)
                {
                    _connections.Remove(trackedKey);
                }
                else
                {
                    expiresAt = now + TimeoutFor(packet.Protocol);
                }

                sink.Emit(egress, frame);
                return FrameDisposition.Forwarded;
            }

            _connections.Remove(trackedKey);
            _expired++;
        }

        return OnNewConnection(ingressInterface, egress, frame, in packet, key, now, sink);
    }

    protected override void OnTick(IFrameSink sink) => Sweep(Time.GetTimestamp());

    protected override void AddCounters(List<ApplianceCounter> counters)
    {
        counters.Add(new("established", _established));
        counters.Add(new("new-allowed", _newAllowed));
        counters.Add(new("denied", _denied));
        counters.Add(new("default-policy-hits", _defaultHits));
        counters.Add(new("table-full", _tableFull));
        counters.Add(new("malformed", _malformed));
        counters.Add(new("expired", _expired));
        counters.Add(new("connections", _connections.Count));
        FirewallRuleSet.Rule[] rules = _rules.Rules;
        for (int i = 0; i < rules.Length; i++)
        {
            counters.Add(new($"rule[{i}]" + (rules[i].Name is { } name ? ":" + name : ""), rules[i].Hits));
        }
    }

    private FrameDisposition OnNewConnection(int ingress, int egress, Span<byte> frame, in Ipv4Packet packet, FlowKey key, long now, IFrameSink sink)
    {
        FirewallAction action = _defaultAction;
        bool matched = false;
        foreach (FirewallRuleSet.Rule rule in _rules.Rules)
        {
            if (rule.Matches(in packet, frame))
            {
                rule.Hits++;
                action = rule.Action;
                matched = true;
                break;
            }
        }

        if (!matched)
        {
            _defaultHits++;
        }

        switch (action)
        {
            case FirewallAction.Allow:
                if (_connections.Count >= _maxConnections)
                {
                    Sweep(now);
                    if (_connections.Count >= _maxConnections)
                    {
                        _tableFull++;
                        return FrameDisposition.Dropped;
                    }
                }

                // A RST opens nothing; anything else an allowed rule passes is tracked.
                if (!(packet.Protocol == IpProtocol.Tcp && packet.HasPorts && (frame[packet.L4 + 13] & TcpFlags.Rst) != 0))
                {
                    _connections[key] = now + TimeoutFor(packet.Protocol);
                    if (++_insertsSinceSweep >= SweepEveryInserts)
                    {
                        Sweep(now);
                    }
                }

                _newAllowed++;
                sink.Emit(egress, frame);
                return FrameDisposition.Forwarded;
            case FirewallAction.Reject:
                _denied++;
                return Reject(ingress, frame, in packet, sink);
            case FirewallAction.Deny:
            default:
                _denied++;
                return FrameDisposition.Dropped;
        }
    }

    private static FrameDisposition Reject(int ingress, Span<byte> frame, in Ipv4Packet packet, IFrameSink sink)
    {
        // Answer as the box the sender addressed the frame to, so its ARP view stays consistent.
        ulong ownMac = FrameWriter.ReadMac(frame);
        if ((ownMac & 0x0100_0000_0000) != 0)
        {
            return FrameDisposition.Dropped;
        }

        Span<byte> answer = stackalloc byte[FrameWriter.MaxAnswer];
        int length;
        if (packet.Protocol == IpProtocol.Tcp && packet.HasPorts)
        {
            if ((frame[packet.L4 + 13] & TcpFlags.Rst) != 0)
            {
                return FrameDisposition.Dropped;
            }

            length = FrameWriter.WriteTcpReset(answer, frame, in packet, ownMac);
        }
        else
        {
            // Never answer an ICMP error with another (RFC 1122 §3.2.2).
            if (packet.Protocol == IpProtocol.Icmp && (!packet.HasPorts || frame[packet.L4] is not (0 or 8 or 13 or 14)))
            {
                return FrameDisposition.Dropped;
            }

            byte code = packet.Protocol == IpProtocol.Udp ? (byte)3 : (byte)13;
            length = FrameWriter.WriteIcmpError(answer, frame, in packet, 3, code, ownMac, packet.Destination);
        }

        sink.Emit(ingress, answer[..length]);
        return FrameDisposition.Rejected;
    }

    private void Sweep(long now)
    {
        _insertsSinceSweep = 0;
        foreach ((FlowKey key, long expiresAt) in _connections)
        {
            if (expiresAt <= now)
            {
                _connections.Remove(key);
                _expired++;
            }
        }
    }

    private long TimeoutFor(byte protocol) => protocol switch
    {
        IpProtocol.Tcp => _tcpTimeout,
        IpProtocol.Udp => _udpTimeout,
        _ => _otherTimeout,
    };

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * Time.TimestampFrequency);

    internal static string ProtocolName(byte protocol) => protocol switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        IpProtocol.Icmp => "icmp",
        _ => protocol.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
