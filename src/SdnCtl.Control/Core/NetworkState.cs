using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SdnCtl.Control.Events;
using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Core;

/// <summary>
/// The network as the control loop knows it: switches, ports, links and hosts. Owned by the loop
/// thread alone, so nothing here locks. Every change bumps <see cref="Version"/>, records the
/// events to publish and, where installed paths could be affected, the <see cref="Changes"/> the
/// forwarding app reroutes on. Readers elsewhere only ever see <see cref="GetSnapshot"/>'s result.
/// </summary>
internal sealed class NetworkState
{
    // A host's last-seen time is in the snapshot, but a version per packet would rebuild the
    // snapshot per packet; one-second resolution is plenty for "when was it last heard from".
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromSeconds(1);

    private readonly SortedDictionary<ulong, SwitchEntry> _switches = [];
    private readonly SortedDictionary<SwitchPort, LinkEntry> _linksBySource = [];
    private readonly Dictionary<SwitchPort, LinkEntry> _linksByDestination = [];

    // The same links as _linksBySource, hashed: the sorted one is for ordered walks, this one for the
    // lookups on the packet-in path (IsEdgePort per learned sender), where the sorted lookup of a
    // SwitchPort key cost a tree walk and allocated 32 bytes each time.
    private readonly Dictionary<SwitchPort, LinkEntry> _linksFrom = [];
    // Hashed, not sorted: learning is on the packet-in path (a sorted insert cost a node and a
    // tree walk per new host); the snapshot's host tree below is what readers see in order.
    private readonly Dictionary<ulong, HostEntry> _hosts = [];

    // Where each host is, for the reactive fast path on the sessions' I/O threads (see
    // ReactiveFastPath): written here by the loop as hosts are learned, moved and removed, read
    // anywhere. Never behind the loop's own table, so an answer built from it is at worst one the
    // loop is about to correct (it applies every fast answer afterwards).
    private readonly HostLocationTable _hostLocations = new();
    private readonly Dictionary<uint, HostEntry> _hostsByIp = [];

    // The snapshot's hosts: a sorted base of records and a log of every host change since (see
    // HostTable). A change appends one struct; nothing per host is copied into each snapshot (with
    // hundreds of thousands of hosts that made learning O(n²)) and no object is built per change.
    private HostRecord[] _hostBase = [];
    private HostLog _hostLog = new();
    private HostTable? _lastHosts;

    // Events as they happen; a learned host's event is only a record here until TakeEvents builds it,
    // so that its objects are born when they are published (and die young) rather than lingering on
    // the loop between snapshots, which the loop coalesces under a packet-in storm.
    private readonly List<PendingEvent> _events = [];
    private readonly List<LinkEntry> _scratchLinks = [];
    private TopologySnapshot _snapshot = TopologySnapshot.Empty;
    private long _version;
    private long _graphVersion;

    public NetworkState(DeclaredTopology? declared) => Declared = declared;

    public long Version => _version;

    /// <summary>Bumped when switches or links (not hosts) change; equals the next snapshot's graph version.</summary>
    public long GraphVersion => _graphVersion;

    /// <summary>The current input's time; set by the loop before each input.</summary>
    public DateTimeOffset Now { get; private set; }

    public DeclaredTopology? Declared { get; private set; }

    public ChangeSet Changes { get; } = new();

    public IEnumerable<SwitchEntry> Switches => _switches.Values;

    public void BeginInput(DateTimeOffset now)
    {
        Now = now;
        Changes.Clear();
    }

    /// <summary>Records an event that is not a topology change (a reroute) to publish with the others.</summary>
    public void AddEvent(NetworkEvent e) => _events.Add(new PendingEvent(e));

    /// <summary>Moves the events recorded since the last call into <paramref name="into"/>, in order.</summary>
    /// <param name="into">Where the events go.</param>
    /// <param name="learnedHosts">
    /// False to leave out (and never build) the learned-host events, when nobody would see them: no
    /// event subscriber (<see cref="EventHub.Subscribers"/> empty) and their debug log off. Under a
    /// packet-in storm that learns a host per packet-in, each costs four objects (the event, a
    /// <see cref="HostInfo"/>, an address and its array).
    /// </param>
    public void TakeEvents(List<NetworkEvent> into, bool learnedHosts = true)
    {
        foreach (ref readonly PendingEvent e in CollectionsMarshal.AsSpan(_events))
        {
            if (e.Event is not null)
            {
                into.Add(e.Event);
            }
            else if (learnedHosts)
            {
                into.Add(new HostLearnedEvent(e.Version, e.Timestamp, e.Learned.ToInfo(e.LearnedName)));
            }
        }

        _events.Clear();
    }

    // ---- switches -------------------------------------------------------------------------

    public SwitchEntry? FindSwitch(ulong dpid) => _switches.GetValueOrDefault(dpid);

    /// <summary>The switch entry only if <paramref name="connection"/> is its current session: a late event from a replaced session must not touch the new one.</summary>
    public SwitchEntry? FindSwitch(ISwitchConnection connection) =>
        _switches.TryGetValue(connection.DatapathId, out SwitchEntry? s) && ReferenceEquals(s.Connection, connection) ? s : null;

    public SwitchEntry AddSwitch(ISwitchConnection connection)
    {
        Debug.Assert(!_switches.ContainsKey(connection.DatapathId), "remove the old session first");
        var entry = new SwitchEntry(connection, Now, Declared?.SwitchNames.GetValueOrDefault(connection.DatapathId));
        foreach (OfpPort p in connection.Ports)
        {
            if (p.PortNo is > 0 and <= OfpPortNo.Max)
            {
                entry.Ports[p.PortNo] = new PortEntry(p);
            }
        }

        _switches.Add(entry.DatapathId, entry);
        _graphVersion++;
        Bump();
        _events.Add(new PendingEvent(new SwitchUpEvent(_version, Now, entry.DatapathId, connection.RemoteAddress)));
        return entry;
    }

    public void RemoveSwitch(SwitchEntry entry, string reason)
    {
        ulong dpid = entry.DatapathId;
        _scratchLinks.Clear();
        foreach (LinkEntry l in _linksBySource.Values)
        {
            if (l.Source.DatapathId == dpid || l.Destination.DatapathId == dpid)
            {
                _scratchLinks.Add(l);
            }
        }

        foreach (LinkEntry l in _scratchLinks)
        {
            RemoveLink(l, LinkDownReason.SwitchDisconnected);
        }

        RemoveHostsWhere(h => h.Attachment.DatapathId == dpid);
        _switches.Remove(dpid);
        _graphVersion++;
        Changes.RemovedSwitches.Add(dpid);
        Bump();
        _events.Add(new PendingEvent(new SwitchDownEvent(_version, Now, dpid, reason)));
    }

    // ---- ports ----------------------------------------------------------------------------

    /// <summary>Applies OFPT_PORT_STATUS; returns the port when it is up now and was not before (a probe is due).</summary>
    public PortEntry? ApplyPortStatus(SwitchEntry sw, PortStatus status)
    {
        OfpPort desc = status.Port;
        if (desc.PortNo is 0 or > OfpPortNo.Max)
        {
            return null;
        }

        var at = new SwitchPort(sw.DatapathId, desc.PortNo);
        if (status.Reason == PortReason.Delete)
        {
            if (sw.Ports.Remove(desc.PortNo))
            {
                RemoveLinksAt(at, LinkDownReason.PortRemoved);
                RemoveHostsWhere(h => h.Attachment == at);
                sw.Info = null;
                Bump();
                _events.Add(new PendingEvent(new PortDownEvent(_version, Now, at, Removed: true)));
            }

            return null;
        }

        bool existed = sw.Ports.TryGetValue(desc.PortNo, out PortEntry? port);
        bool wasUp = existed && port!.IsUp;
        if (port is null)
        {
            port = new PortEntry(desc);
            sw.Ports[desc.PortNo] = port;
        }
        else
        {
            port.Update(desc);
        }

        sw.Info = null;
        Bump();
        if (wasUp && !port.IsUp)
        {
            // Dropped at once, not left to expire: the switch has told us the cable is dead.
            RemoveLinksAt(at, LinkDownReason.PortDown);
            _events.Add(new PendingEvent(new PortDownEvent(_version, Now, at, Removed: false)));
        }
        else if (!wasUp && port.IsUp)
        {
            _events.Add(new PendingEvent(new PortUpEvent(_version, Now, at)));
            return port;
        }

        return null;
    }

    public bool IsEdgePort(SwitchPort port) =>
        !_linksFrom.ContainsKey(port) && !_linksByDestination.ContainsKey(port);

    /// <summary>Up ports without a discovered link: where hosts are, and where floods go.</summary>
    public bool IsUpEdgePort(SwitchEntry sw, PortEntry port) =>
        port.IsUp && IsEdgePort(new SwitchPort(sw.DatapathId, port.Number));

    // ---- links ----------------------------------------------------------------------------

    public LinkEntry? FindLinkFrom(SwitchPort source) => _linksFrom.GetValueOrDefault(source);

    /// <summary>Records that a probe sent from <paramref name="source"/> arrived at <paramref name="destination"/>.</summary>
    /// <returns>True when the link is new.</returns>
    public bool LearnLink(SwitchPort source, SwitchPort destination)
    {
        if (_linksFrom.TryGetValue(source, out LinkEntry? existing))
        {
            if (existing.Destination == destination)
            {
                existing.LastSeen = Now;
                return false;
            }

            RemoveLink(existing, LinkDownReason.Replaced);
        }

        if (_linksByDestination.TryGetValue(destination, out LinkEntry? other))
        {
            RemoveLink(other, LinkDownReason.Replaced);
        }

        LinkSpecAttributes(source, destination, out double? bandwidth, out double? latency);
        var link = new LinkEntry(new LinkInfo(source, destination, Now, bandwidth, latency), Now);
        _linksBySource.Add(source, link);
        _linksFrom.Add(source, link);
        _linksByDestination.Add(destination, link);
        InvalidateSwitch(source.DatapathId);
        InvalidateSwitch(destination.DatapathId);
        _graphVersion++;

        // A host "learned" on either port was really the far switch's traffic seen before LLDP
        // had found the cable; it is not attached there.
        RemoveHostsWhere(h => h.Attachment == source || h.Attachment == destination);
        Bump();
        _events.Add(new PendingEvent(new LinkUpEvent(_version, Now, link.Info)));
        return true;
    }

    /// <summary>Drops links whose last probe is older than <paramref name="timeout"/>.</summary>
    public void ExpireLinks(TimeSpan timeout)
    {
        _scratchLinks.Clear();
        foreach (LinkEntry l in _linksBySource.Values)
        {
            if (Now - l.LastSeen > timeout)
            {
                _scratchLinks.Add(l);
            }
        }

        foreach (LinkEntry l in _scratchLinks)
        {
            RemoveLink(l, LinkDownReason.Expired);
        }
    }

    private void RemoveLinksAt(SwitchPort port, LinkDownReason reason)
    {
        if (_linksFrom.TryGetValue(port, out LinkEntry? outgoing))
        {
            RemoveLink(outgoing, reason);
        }

        if (_linksByDestination.TryGetValue(port, out LinkEntry? incoming))
        {
            RemoveLink(incoming, reason);
        }
    }

    private void RemoveLink(LinkEntry link, LinkDownReason reason)
    {
        _linksBySource.Remove(link.Source);
        _linksFrom.Remove(link.Source);
        _linksByDestination.Remove(link.Destination);
        InvalidateSwitch(link.Source.DatapathId);
        InvalidateSwitch(link.Destination.DatapathId);
        _graphVersion++;
        Changes.RemovedLinks.Add(link.Info);
        Bump();
        _events.Add(new PendingEvent(new LinkDownEvent(_version, Now, link.Info, reason)));
    }

    private void LinkSpecAttributes(SwitchPort source, SwitchPort destination, out double? bandwidth, out double? latency)
    {
        var spec = Declared?.FindLink(source, destination);
        bandwidth = spec?.BandwidthMbps;
        latency = spec?.LatencyMs;
    }

    // ---- hosts ----------------------------------------------------------------------------

    public HostEntry? FindHost(ulong mac) => _hosts.GetValueOrDefault(mac);

    /// <summary>Host MAC → attachment, readable from any thread (see the field's comment).</summary>
    public HostLocationTable HostLocations => _hostLocations;

    public HostEntry? FindHostByIp(uint ipv4) => _hostsByIp.GetValueOrDefault(ipv4);

    /// <summary>
    /// A packet from <paramref name="mac"/> (sender address <paramref name="ipv4"/>, 0 if none)
    /// arrived on edge port <paramref name="at"/>: learn, move or refresh the host.
    /// </summary>
    public void ObserveHost(ulong mac, SwitchPort at, uint ipv4)
    {
        if (!_hosts.TryGetValue(mac, out HostEntry? host))
        {
            host = new HostEntry(mac, at, Now, Declared?.HostNames.GetValueOrDefault(mac));
            _hosts.Add(mac, host);
            _hostLocations.Set(mac, at);
            AddAddress(host, ipv4);
            HostRecord learned = Record(host);
            Bump();
            _events.Add(new PendingEvent(_version, Now, learned, host.Name));
            return;
        }

        bool moved = false, changed = false;
        if (host.Attachment != at)
        {
            SwitchPort from = host.Attachment;
            host.Attachment = at;
            _hostLocations.Set(mac, at);
            host.LastSeen = Now;
            moved = true;
            Changes.MovedHosts.Add(mac);
            Changes.Cause ??= $"host {Topology.MacFormat.Format(mac)} moved to {at}";
            Bump();
            _events.Add(new PendingEvent(new HostMovedEvent(_version, Now, mac, from, at)));
        }

        if (ipv4 != 0 && (host.Ipv4.IsEmpty || host.Ipv4[^1] != ipv4))
        {
            AddAddress(host, ipv4);
            changed = true;
        }

        if (Now - host.LastSeen >= LastSeenResolution)
        {
            host.LastSeen = Now;
            changed = true;
        }

        if (moved || changed)
        {
            Record(host);
        }

        if (changed)
        {
            Bump();
        }
    }

    public bool RemoveHost(ulong mac)
    {
        if (!_hosts.TryGetValue(mac, out HostEntry? host))
        {
            return false;
        }

        RemoveHost(host);
        return true;
    }

    private void AddAddress(HostEntry host, uint ipv4)
    {
        if (ipv4 == 0)
        {
            return;
        }

        if (_hostsByIp.TryGetValue(ipv4, out HostEntry? previous) && previous != host)
        {
            // The address changed hands (DHCP, failover): it answers ARP for the new owner only.
            previous.RemoveAddress(ipv4);
            Record(previous);
        }

        uint oldest = host.AddAddress(ipv4);
        if (oldest != 0)
        {
            _hostsByIp.Remove(oldest);
        }

        _hostsByIp[ipv4] = host;
    }

    /// <summary>Appends the host's state as it is now to the readers' log (its caller bumps the version).</summary>
    private HostRecord Record(HostEntry host)
    {
        var record = new HostRecord(host.Mac, host.Attachment, host.FirstSeen, host.LastSeen, host.Ipv4);
        _hostLog.Append(record);
        return record;
    }

    private void RemoveHostsWhere(Func<HostEntry, bool> predicate)
    {
        List<HostEntry>? doomed = null;
        foreach (HostEntry h in _hosts.Values)
        {
            if (predicate(h))
            {
                (doomed ??= []).Add(h);
            }
        }

        if (doomed is not null)
        {
            foreach (HostEntry h in doomed)
            {
                RemoveHost(h);
            }
        }
    }

    private void RemoveHost(HostEntry host)
    {
        _hosts.Remove(host.Mac);
        _hostLocations.Remove(host.Mac);
        _hostLog.Append(HostRecord.Removal(host.Mac));
        foreach (uint ip in host.Ipv4)
        {
            if (_hostsByIp.TryGetValue(ip, out HostEntry? owner) && owner == host)
            {
                _hostsByIp.Remove(ip);
            }
        }

        Changes.RemovedHosts.Add((host.Mac, host.Attachment));
        Bump();
        _events.Add(new PendingEvent(new HostRemovedEvent(_version, Now, host.Mac, host.Attachment)));
    }

    // ---- declared topology ------------------------------------------------------------------

    /// <summary>Names switches and hosts after a (new) declared document and gives links its bandwidth and latency.</summary>
    public void SetDeclared(DeclaredTopology? declared)
    {
        Declared = declared;
        foreach (SwitchEntry s in _switches.Values)
        {
            s.Name = declared?.SwitchNames.GetValueOrDefault(s.DatapathId);
            s.Info = null;
        }

        foreach (LinkEntry l in _linksBySource.Values)
        {
            LinkSpecAttributes(l.Source, l.Destination, out double? bandwidth, out double? latency);
            l.Info = l.Info with { BandwidthMbps = bandwidth, LatencyMs = latency };
        }

        // The snapshot names its hosts from the declared document it is built with.
        foreach (HostEntry h in _hosts.Values)
        {
            h.Name = declared?.HostNames.GetValueOrDefault(h.Mac);
        }

        _graphVersion++;
        Bump();
    }

    // ---- snapshot ---------------------------------------------------------------------------

    /// <summary>The snapshot of the current version; rebuilt only when something changed, reusing every unchanged switch and host.</summary>
    public TopologySnapshot GetSnapshot()
    {
        if (_snapshot.Version == _version)
        {
            return _snapshot;
        }

        var switches = ImmutableArray.CreateBuilder<SwitchInfo>(_switches.Count);
        foreach (SwitchEntry s in _switches.Values)
        {
            switches.Add(s.Info ??= SwitchInfoOf(s));
        }

        var links = ImmutableArray.CreateBuilder<LinkInfo>(_linksBySource.Count);
        foreach (LinkEntry l in _linksBySource.Values)
        {
            links.Add(l.Info);
        }

        var hosts = new HostTable(_hostBase, _hostLog.Segment, _hosts.Count, Declared, _lastHosts);
        if (hosts.NeedsFold)
        {
            // The log has outgrown the base: merge it in and start a new log. Old snapshots keep the
            // old base and log, which nothing changes any more.
            _hostBase = hosts.Fold();
            _hostLog = new HostLog();
            hosts = new HostTable(_hostBase, _hostLog.Segment, _hosts.Count, Declared);
        }

        _lastHosts = hosts;

        _snapshot = new TopologySnapshot(
            _version, Now, switches.MoveToImmutable(), links.MoveToImmutable(), hosts, _graphVersion, _snapshot);
        return _snapshot;
    }

    private SwitchInfo SwitchInfoOf(SwitchEntry s)
    {
        var ports = ImmutableArray.CreateBuilder<PortInfo>(s.Ports.Count);
        foreach (PortEntry p in s.Ports.Values)
        {
            ports.Add(new PortInfo(p.Number, p.Name, p.HwAddr, p.IsUp, IsEdgePort(new SwitchPort(s.DatapathId, p.Number)), p.CurrentSpeedKbps));
        }

        ISwitchConnection c = s.Connection;
        return new SwitchInfo(
            s.DatapathId,
            s.Name,
            c.RemoteAddress,
            s.ConnectedSince,
            c.Description?.MfrDesc ?? string.Empty,
            c.Description?.SwDesc ?? string.Empty,
            c.Features?.NTables ?? 0,
            ports.MoveToImmutable());
    }

    private void InvalidateSwitch(ulong dpid)
    {
        if (_switches.TryGetValue(dpid, out SwitchEntry? s))
        {
            s.Info = null;
        }
    }

    private void Bump() => _version++;

    /// <summary>An event to publish: built already, or (<see cref="Event"/> null) a host learned as <see cref="Learned"/> at <see cref="Version"/> and <see cref="Timestamp"/>.</summary>
    private readonly struct PendingEvent
    {
        public PendingEvent(NetworkEvent e) => Event = e;

        public PendingEvent(long version, DateTimeOffset timestamp, in HostRecord learned, string? name)
        {
            Version = version;
            Timestamp = timestamp;
            Learned = learned;
            LearnedName = name;
        }

        public NetworkEvent? Event { get; }

        public long Version { get; }

        public DateTimeOffset Timestamp { get; }

        public HostRecord Learned { get; }

        public string? LearnedName { get; }
    }
}
