using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace SdnCtl.Control.Network;

/// <summary>
/// A snapshot's hosts: a sorted base of records (the state at the loop's last fold) and the log
/// segment of changes since, with a host count. Immutable; the <see cref="HostInfo"/> views readers
/// see are built only when a reader asks, and cached.
/// </summary>
/// <remarks>
/// The control loop learns a host per packet-in under a packet-in storm. Keeping the readers' view as a
/// persistent sorted tree of <see cref="HostInfo"/>s cost the loop a tree path and three objects per
/// new host, most of which survived to be copied by every young-generation collection; appending one
/// struct to a chunked log costs no object at all. The loop folds the log into a new base when it
/// is twice the base's size (<see cref="NeedsFold"/>), so the fold's O(n) copy is amortised O(1) per
/// change (about 1.5 copies of each record while the network grows), and a reader's first lookup on
/// a snapshot sorts at most that many changes.
/// </remarks>
internal sealed class HostTable
{
    /// <summary>A log shorter than this is never folded: small networks keep one small log.</summary>
    private const int MinFoldLength = 8192;

    /// <summary>The most records a lookup scans on top of its anchor's index.</summary>
    private const int MaxTailScan = 256;

    private readonly HostRecord[] _base;
    private readonly HostLogSegment _log;
    private readonly DeclaredTopology? _declared;

    private ImmutableArray<HostInfo> _infos;
    private SegmentIndex? _index;

    // An earlier table of the same base and log that has its index (or its infos), at most
    // MaxTailScan records behind: a lookup scans the records since and asks it, rather than sorting
    // the whole log for a snapshot that differs from it by a host or two (a reader on the loop that
    // looks a host up once per input would otherwise sort the log per input). Dropped once this table
    // builds its own index, so tables never form a chain.
    private HostTable? _anchor;

    /// <param name="sortedBase">The base records, sorted by MAC.</param>
    /// <param name="log">The changes since the base.</param>
    /// <param name="count">How many hosts there are.</param>
    /// <param name="declared">The declared topology, which names hosts.</param>
    /// <param name="previous">The table of the previous snapshot, if it has the same base and log.</param>
    public HostTable(HostRecord[] sortedBase, HostLogSegment log, int count, DeclaredTopology? declared, HostTable? previous = null)
    {
        _base = sortedBase;
        _log = log;
        Count = count;
        _declared = declared;
        if (previous is not null && ReferenceEquals(previous._base, sortedBase) && ReferenceEquals(previous._declared, declared))
        {
            HostTable? anchor = previous.HasIndex ? previous : Volatile.Read(ref previous._anchor);
            if (anchor is not null && log.Count - anchor._log.Count <= MaxTailScan)
            {
                _anchor = anchor;
            }
        }
    }

    private HostTable(ImmutableArray<HostInfo> sortedInfos)
    {
        _base = [];
        _log = HostLogSegment.Empty;
        Count = sortedInfos.Length;
        _infos = sortedInfos;
    }

    public static HostTable Empty { get; } = new(ImmutableArray<HostInfo>.Empty);

    /// <summary>How many hosts there are.</summary>
    public int Count { get; }

    /// <summary>True when the loop should fold the log into a new base (see the remarks).</summary>
    public bool NeedsFold => _log.Count >= Math.Max(MinFoldLength, 2 * _base.Length);

    /// <summary>Hosts ordered by MAC, built on first use.</summary>
    public ImmutableArray<HostInfo> Infos
    {
        get
        {
            // Two threads racing here build equal arrays; either may win.
            if (_infos.IsDefault)
            {
                HostRecord[] all = Fold();
                var infos = new HostInfo[all.Length];
                for (int i = 0; i < all.Length; i++)
                {
                    infos[i] = all[i].ToInfo(NameOf(all[i].Mac));
                }

                ImmutableInterlocked.InterlockedInitialize(ref _infos, ImmutableCollectionsMarshal.AsImmutableArray(infos));
            }

            return _infos;
        }
    }

    /// <summary>A table of readers' <see cref="HostInfo"/>s, already sorted by MAC (tests and hand-built snapshots).</summary>
    public static HostTable FromSorted(ImmutableArray<HostInfo> sortedInfos) => new(sortedInfos);

    private bool HasIndex => Volatile.Read(ref _index) is not null || !_infos.IsDefault;

    public HostInfo? Find(ulong mac)
    {
        ImmutableArray<HostInfo> infos = _infos;
        if (!infos.IsDefault)
        {
            int i = infos.AsSpan().BinarySearch(new MacKey(mac));
            return i >= 0 ? infos[i] : null;
        }

        HostTable? anchor = Volatile.Read(ref _anchor);
        if (anchor is not null && Volatile.Read(ref _index) is null)
        {
            for (int i = _log.Count - 1; i >= anchor._log.Count; i--)
            {
                ref readonly HostRecord r = ref _log[i];
                if (r.Mac == mac)
                {
                    return r.Removed ? null : r.ToInfo(NameOf(mac));
                }
            }

            return anchor.Find(mac);
        }

        SegmentIndex index = Index();
        int changed = Array.BinarySearch(index.Macs, 0, index.Count, mac);
        if (changed >= 0)
        {
            ref readonly HostRecord latest = ref _log[index.Latest[changed]];
            return latest.Removed ? null : latest.ToInfo(NameOf(mac));
        }

        int b = ((ReadOnlySpan<HostRecord>)_base).BinarySearch(new MacKey(mac));
        return b >= 0 ? _base[b].ToInfo(NameOf(mac)) : null;
    }

    /// <summary>The base and the log merged: every host's latest record, ordered by MAC, removed hosts left out.</summary>
    public HostRecord[] Fold()
    {
        if (_log.Count == 0)
        {
            return _base;
        }

        SegmentIndex index = Index();
        var merged = new HostRecord[Count];
        int m = 0, b = 0, c = 0;
        while (b < _base.Length || c < index.Count)
        {
            if (c == index.Count || (b < _base.Length && _base[b].Mac < index.Macs[c]))
            {
                merged[m++] = _base[b++];
                continue;
            }

            if (b < _base.Length && _base[b].Mac == index.Macs[c])
            {
                b++;
            }

            ref readonly HostRecord latest = ref _log[index.Latest[c++]];
            if (!latest.Removed)
            {
                merged[m++] = latest;
            }
        }

        if (m != merged.Length)
        {
            throw new InvalidOperationException($"host table count {Count} disagrees with its records ({m})");
        }

        return merged;
    }

    private string? NameOf(ulong mac) => _declared?.HostNames.GetValueOrDefault(mac);

    private SegmentIndex Index()
    {
        SegmentIndex? index = Volatile.Read(ref _index);
        if (index is null)
        {
            index = SegmentIndex.Build(_log);
            index = Interlocked.CompareExchange(ref _index, index, null) ?? index;
            Volatile.Write(ref _anchor, null);
        }

        return index;
    }

    // The key for the runtime's span binary search over both sorted forms (records and readers' infos).
    private readonly struct MacKey(ulong mac) : IComparable<HostRecord>, IComparable<HostInfo>
    {
        public int CompareTo(HostRecord other) => mac.CompareTo(other.Mac);

        public int CompareTo(HostInfo? other) => mac.CompareTo(other!.Mac);
    }

    /// <summary>The distinct MACs a log segment changed, sorted, each with the position of its latest record (the first <see cref="Count"/> of each array).</summary>
    private sealed class SegmentIndex(ulong[] macs, int[] latest, int count)
    {
        public ulong[] Macs { get; } = macs;

        public int[] Latest { get; } = latest;

        public int Count { get; } = count;

        public static SegmentIndex Build(HostLogSegment log)
        {
            var macs = new ulong[log.Count];
            var positions = new int[log.Count];
            for (int i = 0; i < macs.Length; i++)
            {
                macs[i] = log[i].Mac;
                positions[i] = i;
            }

            // Unstable, so a MAC's records may come in any order among themselves: the run keeps its largest position.
            Array.Sort(macs, positions);
            int distinct = 0;
            for (int i = 0; i < macs.Length; i++)
            {
                if (distinct > 0 && macs[distinct - 1] == macs[i])
                {
                    positions[distinct - 1] = Math.Max(positions[distinct - 1], positions[i]);
                }
                else
                {
                    macs[distinct] = macs[i];
                    positions[distinct++] = positions[i];
                }
            }

            return new SegmentIndex(macs, positions, distinct);
        }
    }
}
