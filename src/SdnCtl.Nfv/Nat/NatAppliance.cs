using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdnCtl.Nfv.Firewall;
using SdnCtl.Nfv.Layer3;
using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Nat;

/// <summary>
/// Source NAT with port translation (masquerade) and port forwarding. Inside hosts use interface 0's
/// address as their gateway; what they send out leaves interface 1 from its address, each inside
/// (address, port) mapped to an outside port per protocol (endpoint-independent mapping, RFC 4787),
/// so replies — from any outside host — find their way back. ICMP echo is translated by identifier.
/// </summary>
public sealed class NatAppliance : NetworkAppliance
{
    private const int Inside = 0;
    private const int Outside = 1;
    private const int Protocols = 3;

    private readonly Layer3Core _l3;
    private readonly uint _external;
    private readonly Ipv4Prefix _insideSubnet;
    private readonly Ipv4Prefix _outsideSubnet;
    private readonly uint _gateway;
    private readonly PortRange _ports;
    private readonly long[] _timeouts = new long[Protocols];

    // Indexed by protocol slot then outside port: the reply path is one array read.
    private readonly Mapping[][] _byExternal = new Mapping[Protocols][];
    private readonly Dictionary<FlowKey, ushort> _byInside = [];
    private readonly int[] _cursor = new int[Protocols];
    private long _translatedOut;
    private long _translatedIn;
    private long _exhausted;
    private long _untranslatable;
    private long _noRoute;
    private long _expired;

    internal NatAppliance(NatOptions options, TimeProvider time)
        : base(options, time)
    {
        _l3 = new Layer3Core(Interfaces, time, options.Timings);
        _insideSubnet = Interfaces[Inside].Address!.Value;
        _outsideSubnet = Interfaces[Outside].Address!.Value;
        _external = _outsideSubnet.Address;
        _gateway = options.Gateway is null ? 0 : ParseAddress(options.Gateway);
        PortRange.TryParse(options.PortRange, out _ports, out _);
        _timeouts[0] = ToTimestamp(options.TcpTimeout);
        _timeouts[1] = ToTimestamp(options.UdpTimeout);
        _timeouts[2] = ToTimestamp(options.IcmpTimeout);
        for (int p = 0; p < Protocols; p++)
        {
            _byExternal[p] = new Mapping[65536];
            _cursor[p] = _ports.First;
        }

        foreach (PortForwardOptions forward in options.Forwards)
        {
            if (!AddForward(forward))
            {
                throw new ApplianceOptionsException([new OptionError("forwards", $"{forward.Protocol} port {forward.ExternalPort} is forwarded twice")]);
            }
        }
    }

    public override string Kind => "nat";

    /// <summary>Live masquerade mappings plus port forwards.</summary>
    public int TranslationCount => _byInside.Count;

    /// <summary>Adds a port forward.</summary>
    /// <returns>False when the outside port is taken (by another forward or a live mapping): a conflict, nothing changes.</returns>
    /// <exception cref="ApplianceOptionsException">The forward is invalid; the bad field is named.</exception>
    public bool AddForward(PortForwardOptions forward)
    {
        var errors = new List<OptionError>();
        if (!NatOptions.TryParseForward(forward, _insideSubnet, "forward", errors, out byte protocol, out uint insideAddress, out ushort externalPort, out ushort insidePort))
        {
            throw new ApplianceOptionsException(errors);
        }

        int slot = Slot(protocol);
        ref Mapping mapping = ref _byExternal[slot][externalPort];
        long now = Time.GetTimestamp();
        var insideKey = new FlowKey(protocol, insideAddress, insidePort, 0, 0);
        ref ushort held = ref CollectionsMarshal.GetValueRefOrNullRef(_byInside, insideKey);
        if (IsLive(ref mapping, now) || (!Unsafe.IsNullRef(ref held) && IsLive(ref _byExternal[slot][held], now)))
        {
            return false;
        }

        // What is left on either side is an expired mapping: reclaim it.
        if (!Unsafe.IsNullRef(ref held))
        {
            _byExternal[slot][held] = default;
        }

        if (mapping.InUse)
        {
            _byInside.Remove(new FlowKey(protocol, mapping.InsideAddress, mapping.InsidePort, 0, 0));
        }

        mapping = new Mapping(insideAddress, insidePort, long.MaxValue, InUse: true, Static: true);
        _byInside[insideKey] = externalPort;
        return true;
    }

    /// <summary>Removes the port forward of <paramref name="protocol"/> (<c>tcp</c>/<c>udp</c>) on <paramref name="externalPort"/>; false when there is none.</summary>
    public bool RemoveForward(string protocol, int externalPort)
    {
        byte number = protocol?.ToUpperInvariant() switch { "TCP" => IpProtocol.Tcp, "UDP" => IpProtocol.Udp, _ => 0 };
        if (number == 0 || externalPort is < 1 or > 65535)
        {
            return false;
        }

        ref Mapping mapping = ref _byExternal[Slot(number)][externalPort];
        if (!mapping.InUse || !mapping.Static)
        {
            return false;
        }

        _byInside.Remove(new FlowKey(number, mapping.InsideAddress, mapping.InsidePort, 0, 0));
        mapping = default;
        return true;
    }

    /// <summary>The translation table: live masquerade mappings and the port forwards.</summary>
    public IReadOnlyList<NatTranslation> GetTranslations()
    {
        long now = Time.GetTimestamp();
        string external = Ipv4Prefix.FormatAddress(_external);
        var result = new List<NatTranslation>(_byInside.Count);
        foreach ((FlowKey key, ushort port) in _byInside)
        {
            Mapping m = _byExternal[Slot(key.Protocol)][port];
            if (m.Static || m.ExpiresAt > now)
            {
                result.Add(new NatTranslation(
                    FirewallAppliance.ProtocolName(key.Protocol), Ipv4Prefix.FormatAddress(key.Source), key.SourcePort, external, port,
                    m.Static ? null : Time.GetElapsedTime(now, m.ExpiresAt)));
            }
        }

        return result;
    }

    protected override FrameDisposition OnFrame(int ingressInterface, Span<byte> frame, IFrameSink sink)
    {
        if (_l3.TryHandleLocal(ingressInterface, frame, sink, passLocal: true, out FrameDisposition disposition, out Ipv4Packet packet))
        {
            return disposition;
        }

        return ingressInterface == Inside ? FromInside(frame, in packet, sink) : FromOutside(frame, in packet, sink);
    }

    protected override void OnTick(IFrameSink sink)
    {
        _l3.Tick(sink);
        long now = Time.GetTimestamp();
        foreach ((FlowKey key, ushort port) in _byInside)
        {
            ref Mapping m = ref _byExternal[Slot(key.Protocol)][port];
            if (!m.Static && m.ExpiresAt <= now)
            {
                _byInside.Remove(key);
                m = default;
                _expired++;
            }
        }
    }

    protected override void AddCounters(List<ApplianceCounter> counters)
    {
        counters.Add(new("translated-out", _translatedOut));
        counters.Add(new("translated-in", _translatedIn));
        counters.Add(new("port-exhausted", _exhausted));
        counters.Add(new("untranslatable", _untranslatable));
        counters.Add(new("no-route", _noRoute));
        counters.Add(new("expired", _expired));
        counters.Add(new("translations", _byInside.Count));
        counters.Add(new("ttl-expired", _l3.TtlExpired));
        counters.Add(new("arp-requests", _l3.ArpRequestsSent));
        counters.Add(new("arp-unresolved", _l3.ArpUnresolved));
        counters.Add(new("not-for-us", _l3.NotForUs));
        counters.Add(new("tagged", _l3.Tagged));
        counters.Add(new("malformed", _l3.Malformed));
    }

    private FrameDisposition FromInside(Span<byte> frame, in Ipv4Packet packet, IFrameSink sink)
    {
        if (_l3.IsLocal(packet.Destination))
        {
            return _l3.AnswerLocal(Inside, frame, in packet, sink);
        }

        if (!Translatable(frame, in packet, outbound: true))
        {
            _untranslatable++;
            return FrameDisposition.Dropped;
        }

        uint nextHop = _outsideSubnet.Contains(packet.Destination) ? packet.Destination : _gateway;
        if (nextHop == 0 || _insideSubnet.Contains(packet.Destination))
        {
            _noRoute++;
            _l3.SendIcmpError(Inside, frame, in packet, 3, 0, sink);
            return FrameDisposition.Answered;
        }

        if (_l3.TtlExpires(Inside, frame, in packet, sink))
        {
            return FrameDisposition.Answered;
        }

        ushort insidePort = packet.SourcePort(frame);
        long now = Time.GetTimestamp();
        var key = new FlowKey(packet.Protocol, packet.Source, insidePort, 0, 0);
        int slot = Slot(packet.Protocol);
        ref ushort external = ref CollectionsMarshal.GetValueRefOrNullRef(_byInside, key);
        ushort port;
        if (!Unsafe.IsNullRef(ref external) && IsLive(ref _byExternal[slot][external], now))
        {
            port = external;
        }
        else
        {
            if (!Unsafe.IsNullRef(ref external))
            {
                _expired++;
                _byExternal[slot][external] = default;
                _byInside.Remove(key);
            }

            if (!TryAllocate(slot, packet.Source, insidePort, now, out port))
            {
                _exhausted++;
                return FrameDisposition.Dropped;
            }

            _byInside[key] = port;
        }

        ref Mapping mapping = ref _byExternal[slot][port];
        if (!mapping.Static)
        {
            mapping.ExpiresAt = now + _timeouts[slot];
        }

        Rewrite(frame, in packet, source: true, _external, port);
        _translatedOut++;
        return _l3.Forward(Inside, Outside, nextHop, frame, in packet, sink);
    }

    private FrameDisposition FromOutside(Span<byte> frame, in Ipv4Packet packet, IFrameSink sink)
    {
        if (packet.Destination != _external || !Translatable(frame, in packet, outbound: false))
        {
            return _l3.IsLocal(packet.Destination) ? _l3.AnswerLocal(Outside, frame, in packet, sink) : Untranslatable();
        }

        ushort port = packet.DestinationPort(frame);
        long now = Time.GetTimestamp();
        ref Mapping mapping = ref _byExternal[Slot(packet.Protocol)][port];
        if (!IsLive(ref mapping, now))
        {
            return _l3.AnswerLocal(Outside, frame, in packet, sink);
        }

        if (_l3.TtlExpires(Outside, frame, in packet, sink))
        {
            return FrameDisposition.Answered;
        }

        if (!mapping.Static)
        {
            mapping.ExpiresAt = now + _timeouts[Slot(packet.Protocol)];
        }

        uint insideAddress = mapping.InsideAddress;
        Rewrite(frame, in packet, source: false, insideAddress, mapping.InsidePort);
        _translatedIn++;
        return _l3.Forward(Outside, Inside, insideAddress, frame, in packet, sink);
    }

    private FrameDisposition Untranslatable()
    {
        _untranslatable++;
        return FrameDisposition.Dropped;
    }

    /// <summary>TCP, UDP and ICMP echo (request going out, reply coming in) with their ports present.</summary>
    private static bool Translatable(ReadOnlySpan<byte> frame, in Ipv4Packet packet, bool outbound) =>
        packet.HasPorts && packet.Protocol switch
        {
            IpProtocol.Tcp or IpProtocol.Udp => true,
            IpProtocol.Icmp => frame[packet.L4] == (outbound ? 8 : 0),
            _ => false,
        };

    private static bool IsLive(ref Mapping mapping, long now) => mapping.InUse && (mapping.Static || mapping.ExpiresAt > now);

    /// <summary>
    /// Takes the next free outside port after the last one handed out, reclaiming expired mappings on
    /// the way; false when every port of the range is live (port exhaustion).
    /// </summary>
    private bool TryAllocate(int slot, uint insideAddress, ushort insidePort, long now, out ushort port)
    {
        Mapping[] table = _byExternal[slot];
        int size = _ports.Last - _ports.First + 1;
        int candidate = _cursor[slot];
        for (int tried = 0; tried < size; tried++, candidate = candidate >= _ports.Last ? _ports.First : candidate + 1)
        {
            ref Mapping m = ref table[candidate];
            if (m.InUse)
            {
                if (m.Static || m.ExpiresAt > now)
                {
                    continue;
                }

                _byInside.Remove(new FlowKey(SlotProtocol(slot), m.InsideAddress, m.InsidePort, 0, 0));
                _expired++;
            }

            m = new Mapping(insideAddress, insidePort, now, InUse: true, Static: false);
            port = (ushort)candidate;
            _cursor[slot] = candidate >= _ports.Last ? _ports.First : candidate + 1;
            return true;
        }

        port = 0;
        return false;
    }

    /// <summary>Rewrites the source or destination address and port, keeping IP and transport checksums right incrementally.</summary>
    private static void Rewrite(Span<byte> frame, in Ipv4Packet packet, bool source, uint address, ushort port)
    {
        int addressAt = packet.L3 + (source ? 12 : 16);
        uint oldAddress = BinaryPrimitives.ReadUInt32BigEndian(frame[addressAt..]);
        int portAt = packet.Protocol == IpProtocol.Icmp ? packet.L4 + 4 : packet.L4 + (source ? 0 : 2);
        ushort oldPort = BinaryPrimitives.ReadUInt16BigEndian(frame[portAt..]);
        int checksumAt = packet.TransportChecksumOffset(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame[addressAt..], address);
        Checksum.Patch(frame, packet.ChecksumOffset, oldAddress, address);
        BinaryPrimitives.WriteUInt16BigEndian(frame[portAt..], port);
        if (checksumAt < 0)
        {
            return;
        }

        if (packet.Protocol != IpProtocol.Icmp)
        {
            // TCP and UDP checksums cover the addresses through the pseudo-header; ICMP's does not.
            Checksum.Patch(frame, checksumAt, oldAddress, address);
        }

        Checksum.Patch(frame, checksumAt, oldPort, port);
        if (packet.Protocol == IpProtocol.Udp && BinaryPrimitives.ReadUInt16BigEndian(frame[checksumAt..]) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame[checksumAt..], 0xFFFF);
        }
    }

    private static int Slot(byte protocol) => protocol switch
    {
        IpProtocol.Tcp => 0,
        IpProtocol.Udp => 1,
        _ => 2,
    };

    private static byte SlotProtocol(int slot) => slot switch
    {
        0 => IpProtocol.Tcp,
        1 => IpProtocol.Udp,
        _ => IpProtocol.Icmp,
    };

    private static uint ParseAddress(string text)
    {
        Ipv4Prefix.TryParseAddress(text, out uint address);
        return address;
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * Time.TimestampFrequency);

    private record struct Mapping(uint InsideAddress, ushort InsidePort, long ExpiresAt, bool InUse, bool Static);
}
