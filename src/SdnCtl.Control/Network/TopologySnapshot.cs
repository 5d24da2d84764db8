using System.Collections.Immutable;
using SdnCtl.Control.Paths;
using SdnCtl.Topology;

namespace SdnCtl.Control.Network;

/// <summary>
/// An immutable, versioned picture of the network as the control plane knows it: connected
/// switches and their ports, directed links discovered by LLDP, and learned hosts. The control
/// loop publishes a new snapshot after every batch of changes; readers on any thread take the
/// current one and keep a consistent view for as long as they hold it.
/// </summary>
public sealed class TopologySnapshot
{
    private readonly HostTable _hosts;
    private PathGraph? _graph;

    internal TopologySnapshot(
        long version,
        DateTimeOffset timestamp,
        ImmutableArray<SwitchInfo> switches,
        ImmutableArray<LinkInfo> links,
        ImmutableArray<HostInfo> hosts,
        long graphVersion = 0,
        TopologySnapshot? previous = null)
        : this(version, timestamp, switches, links, HostTable.FromSorted([.. hosts.OrderBy(h => h.Mac)]), graphVersion, previous)
    {
    }

    /// <summary>
    /// The control loop's constructor: <paramref name="hosts"/> shares its base and log with the
    /// previous snapshot's, so a snapshot costs nothing per host.
    /// </summary>
    internal TopologySnapshot(
        long version,
        DateTimeOffset timestamp,
        ImmutableArray<SwitchInfo> switches,
        ImmutableArray<LinkInfo> links,
        HostTable hosts,
        long graphVersion = 0,
        TopologySnapshot? previous = null)
    {
        GraphVersion = graphVersion;
        if (previous is not null && previous.GraphVersion == graphVersion)
        {
            // Same switches and links: the adjacency arrays and path trees still hold.
            _graph = Volatile.Read(ref previous._graph);
        }

        Version = version;
        Timestamp = timestamp;
        Switches = switches;
        Links = links;
        _hosts = hosts;
    }

    /// <summary>An empty snapshot with version 0.</summary>
    public static TopologySnapshot Empty { get; } =
        new(0, DateTimeOffset.UnixEpoch, ImmutableArray<SwitchInfo>.Empty, ImmutableArray<LinkInfo>.Empty, ImmutableArray<HostInfo>.Empty);

    /// <summary>Increases by at least one with every change to switches, ports, links or hosts.</summary>
    public long Version { get; }

    /// <summary>Changes only when switches or links change; snapshots with equal graph versions share a <see cref="PathGraph"/>.</summary>
    internal long GraphVersion { get; }

    /// <summary>When the snapshot was taken (control-plane clock).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Connected switches, ordered by datapath id.</summary>
    public ImmutableArray<SwitchInfo> Switches { get; }

    /// <summary>Directed links, ordered by source port.</summary>
    public ImmutableArray<LinkInfo> Links { get; }

    /// <summary>Learned hosts, ordered by MAC (materialised on first use; the control loop never needs the list).</summary>
    public ImmutableArray<HostInfo> Hosts => _hosts.Infos;

    /// <summary>How many hosts are learned.</summary>
    public int HostCount => _hosts.Count;

    /// <summary>The compact adjacency form of <see cref="Links"/>, built on first use and shared by every path query on this snapshot.</summary>
    internal PathGraph Graph
    {
        get
        {
            // A race builds two equal graphs and keeps one; cheaper than a lock on every query.
            PathGraph? g = Volatile.Read(ref _graph);
            if (g is null)
            {
                g = new PathGraph(Switches, Links);
                g = Interlocked.CompareExchange(ref _graph, g, null) ?? g;
            }

            return g;
        }
    }

    /// <summary>Finds a connected switch.</summary>
    /// <returns>The switch, or <see langword="null"/> when no switch with that datapath id is connected.</returns>
    public SwitchInfo? FindSwitch(ulong datapathId)
    {
        int i = BinarySearch(Switches, datapathId, static s => s.DatapathId);
        return i >= 0 ? Switches[i] : null;
    }

    /// <summary>Finds a learned host by MAC.</summary>
    /// <returns>The host, or <see langword="null"/> when it has not been learned.</returns>
    /// <remarks>The first lookup on a snapshot sorts the host changes since the loop's last fold; later ones are binary searches.</remarks>
    public HostInfo? FindHost(ulong mac) => _hosts.Find(mac);

    /// <summary>Finds the link that leaves <paramref name="source"/>.</summary>
    /// <returns>The link, or <see langword="null"/> when none was discovered from that port.</returns>
    public LinkInfo? FindLinkFrom(SwitchPort source)
    {
        int i = BinarySearch(Links, source, static l => l.Source);
        return i >= 0 ? Links[i] : null;
    }

    /// <summary>True when the port exists and no discovered link starts or ends on it.</summary>
    public bool IsEdgePort(SwitchPort port) => FindSwitch(port.DatapathId)?.FindPort(port.PortNo)?.IsEdge ?? false;

    /// <summary>Compares this snapshot with a declared topology (the YAML's expected picture).</summary>
    /// <param name="declared">The declared topology.</param>
    /// <returns>Missing and unknown switches, missing and unexpected links; empty when they agree.</returns>
    public TopologyDiff Compare(TopologyDocument declared)
    {
        ArgumentNullException.ThrowIfNull(declared);
        return Compare(new DeclaredTopology(declared));
    }

    internal TopologyDiff Compare(DeclaredTopology declared)
    {
        var missingSwitches = ImmutableArray.CreateBuilder<SwitchSpec>();
        foreach (SwitchSpec s in declared.Document.Switches)
        {
            if (FindSwitch(s.DatapathId) is null)
            {
                missingSwitches.Add(s);
            }
        }

        var unknownSwitches = ImmutableArray.CreateBuilder<ulong>();
        foreach (SwitchInfo s in Switches)
        {
            if (!declared.SwitchNames.ContainsKey(s.DatapathId))
            {
                unknownSwitches.Add(s.DatapathId);
            }
        }

        var missingLinks = ImmutableArray.CreateBuilder<LinkSpec>();
        foreach (LinkSpec link in declared.Document.Links)
        {
            bool present =
                DeclaredTopology.TryResolve(declared.Document, link.A, out SwitchPort a) &&
                DeclaredTopology.TryResolve(declared.Document, link.B, out SwitchPort b) &&
                FindLinkFrom(a)?.Destination == b &&
                FindLinkFrom(b)?.Destination == a;
            if (!present)
            {
                missingLinks.Add(link);
            }
        }

        var unexpectedLinks = ImmutableArray.CreateBuilder<LinkInfo>();
        foreach (LinkInfo link in Links)
        {
            if (declared.FindLink(link.Source, link.Destination) is null)
            {
                unexpectedLinks.Add(link);
            }
        }

        return new TopologyDiff(
            missingSwitches.ToImmutable(),
            unknownSwitches.ToImmutable(),
            missingLinks.ToImmutable(),
            unexpectedLinks.ToImmutable());
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"topology v{Version}: {Switches.Length} switches, {Links.Length} links, {HostCount} hosts";

    private static int BinarySearch<T, TKey>(ImmutableArray<T> items, TKey key, Func<T, TKey> keyOf)
        where TKey : IComparable<TKey>
    {
        int low = 0, high = items.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            int c = keyOf(items[middle]).CompareTo(key);
            if (c == 0)
            {
                return middle;
            }

            if (c < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
