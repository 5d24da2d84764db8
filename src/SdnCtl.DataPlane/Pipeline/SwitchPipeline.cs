using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// The OpenFlow 1.3 pipeline of one switch (spec 5): flow tables, group table, meter table and
/// ports, with the FLOW_MOD / GROUP_MOD / METER_MOD semantics and packet processing. Not
/// thread-safe by design: a switch runs all its work on one serial executor, so nothing here
/// takes a lock.
/// </summary>
public sealed partial class SwitchPipeline
{
    private readonly FlowTable[] _tables;
    private readonly Dictionary<uint, SwitchPort> _ports = [];
    private readonly Dictionary<uint, Group> _groups = [];
    private readonly Dictionary<uint, Meter> _meters = [];
    private readonly HashSet<FlowEntry> _timedEntries = [];
    private readonly Stack<PacketBuffer> _spareBuffers = new();
    private readonly ExecState _state = new();
    private readonly Dictionary<uint, SwitchPort> _tunnelsByRemote = [];
    private SwitchPort[] _portOrder = [];
    private uint _vtepAddress;

    /// <summary>Creates a pipeline with <see cref="PipelineOptions.TableCount"/> empty tables.</summary>
    public SwitchPipeline(PipelineOptions? options = null, TimeProvider? clock = null)
    {
        Options = options ?? new PipelineOptions();
        Options.Validate();
        Clock = clock ?? TimeProvider.System;
        _tables = new FlowTable[Options.TableCount];
        for (int i = 0; i < _tables.Length; i++)
        {
            _tables[i] = new FlowTable((byte)i, $"table{i}");
        }
    }

    /// <summary>Sizing.</summary>
    public PipelineOptions Options { get; }

    /// <summary>The clock for timeouts, durations and meters (inject a fake one in tests).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The flow tables, by id.</summary>
    public IReadOnlyList<FlowTable> Tables => _tables;

    /// <summary>Ports by number.</summary>
    public IReadOnlyDictionary<uint, SwitchPort> Ports => _ports;

    /// <summary>Ports in ascending number (the order of FLOOD/ALL output and port stats).</summary>
    public IReadOnlyList<SwitchPort> PortList => _portOrder;

    /// <summary>Groups by id.</summary>
    public IReadOnlyDictionary<uint, Group> Groups => _groups;

    /// <summary>Meters by id.</summary>
    public IReadOnlyDictionary<uint, Meter> Meters => _meters;

    /// <summary>
    /// Whether a packet whose TTL expires is sent to the controller (reason INVALID_TTL) instead of
    /// being dropped silently (OFPC_INVALID_TTL_TO_CONTROLLER in SET_CONFIG).
    /// </summary>
    public bool InvalidTtlToController { get; set; }

    /// <summary>OFPC_FRAG_DROP: IP fragments are dropped on ingress instead of being processed.</summary>
    public bool DropFragments { get; set; }

    /// <summary>
    /// Called for every entry leaving a table (timeout, delete, group/meter delete), whether or
    /// not it has SEND_FLOW_REM: the switch decides what to tell the controller.
    /// </summary>
    public Action<FlowEntry, FlowRemovedReason>? FlowRemoved { get; set; }

    /// <summary>
    /// When true, <see cref="FlowRemoved"/> is called only for entries with OFPFF_SEND_FLOW_REM (a
    /// switch tells the controller about no others), so deleting an unflagged entry makes no
    /// <see cref="FlowEntry"/> handle for it: a bulk DELETE then allocates nothing per flow.
    /// </summary>
    public bool ReportFlaggedRemovalsOnly { get; set; }

    /// <summary>Total number of flow entries over all tables.</summary>
    public int FlowCount => _tables.Sum(t => t.Count);

    /// <summary>Adds a port.</summary>
    public void AddPort(SwitchPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        port.CreatedTimestamp = Clock.GetTimestamp();
        _ports.Add(port.Number, port);
        if (port.Vxlan is { } vxlan)
        {
            _vtepAddress = vxlan.LocalAddress;
            _tunnelsByRemote[vxlan.RemoteAddress] = port;
        }
        _portOrder = [.. _ports.Values.OrderBy(p => p.Number)];
    }

    /// <summary>Removes a port; returns it, or null when unknown.</summary>
    public SwitchPort? RemovePort(uint number)
    {
        if (!_ports.Remove(number, out var port))
        {
            return null;
        }

        if (port.Vxlan is { } vxlan)
        {
            _tunnelsByRemote.Remove(vxlan.RemoteAddress);
        }

        _portOrder = [.. _ports.Values.OrderBy(p => p.Number)];
        return port;
    }

    /// <summary>Time elapsed since a timestamp of <see cref="Clock"/>.</summary>
    public TimeSpan Since(long timestamp) => Clock.GetElapsedTime(timestamp, Clock.GetTimestamp());

    /// <summary>
    /// Removes every entry whose idle or hard timeout has passed (spec 5.5), reporting each through
    /// <see cref="FlowRemoved"/>. The switch calls this periodically; tests call it after moving the
    /// fake clock. Returns the number removed.
    /// </summary>
    public int ExpireFlows()
    {
        if (_timedEntries.Count == 0)
        {
            return 0;
        }

        long now = Clock.GetTimestamp();
        List<(FlowEntry Entry, FlowRemovedReason Reason)>? expired = null;
        foreach (var e in _timedEntries)
        {
            if (e.HardTimeout != 0 && Clock.GetElapsedTime(e.CreatedTimestamp, now) >= TimeSpan.FromSeconds(e.HardTimeout))
            {
                (expired ??= []).Add((e, FlowRemovedReason.HardTimeout));
            }
            else if (e.IdleTimeout != 0 && Clock.GetElapsedTime(e.LastUsedTimestamp, now) >= TimeSpan.FromSeconds(e.IdleTimeout))
            {
                (expired ??= []).Add((e, FlowRemovedReason.IdleTimeout));
            }
        }

        if (expired is null)
        {
            return 0;
        }

        foreach (var (entry, reason) in expired)
        {
            RemoveEntry(entry, reason);
        }

        return expired.Count;
    }

    internal void RemoveEntry(FlowEntry entry, FlowRemovedReason reason)
    {
        if (entry.IsRemoved)
        {
            return;
        }

        RemoveEntry(_tables[entry.TableId], entry.Id, reason);
    }

    /// <summary>Removes entry <paramref name="id"/> of <paramref name="table"/> and reports it (a handle is made only to report it).</summary>
    private void RemoveEntry(FlowTable table, int id, FlowRemovedReason reason)
    {
        bool timed = IsTimed(table, id);
        bool report = FlowRemoved is not null && (!ReportFlaggedRemovalsOnly || (table.Record(id).Flags & FlowModFlags.SendFlowRem) != 0);
        var entry = report || timed ? table.Handle(id) : null;
        table.Remove(id);
        if (entry is not null)
        {
            if (timed)
            {
                _timedEntries.Remove(entry);
            }

            if (report)
            {
                FlowRemoved!.Invoke(entry, reason);
            }
        }
    }

    private void InsertEntry(FlowTable table, int id)
    {
        if (IsTimed(table, id))
        {
            // Only entries that can expire get a handle up front: the expiry scan walks them.
            _timedEntries.Add(table.Handle(id));
        }
    }

    private static bool IsTimed(FlowTable table, int id)
    {
        ref var r = ref table.Record(id);
        return r.IdleTimeout != 0 || r.HardTimeout != 0;
    }

    private PacketBuffer RentBuffer() => _spareBuffers.Count > 0 ? _spareBuffers.Pop() : new PacketBuffer();

    private void ReturnBuffer(PacketBuffer buffer) => _spareBuffers.Push(buffer);

    /// <summary>Per-packet execution state; one instance reused, because the pipeline is single-threaded.</summary>
    private sealed class ExecState
    {
        public ActionSet ActionSet { get; } = new();

        public IPacketOutput Output { get; set; } = null!;

        public PacketTrace? Trace { get; set; }

        public uint InPort { get; set; }

        public byte TableId { get; set; }

        public ulong Cookie { get; set; }

        public bool FromTableMiss { get; set; }

        public bool FromPacketOut { get; set; }

        public uint QueueId { get; set; }

        public long Now { get; set; }

        public int GroupDepth { get; set; }

        public void Reset(IPacketOutput output, PacketTrace? trace, uint inPort, long now)
        {
            ActionSet.Clear();
            Output = output;
            Trace = trace;
            InPort = inPort;
            TableId = 0;
            Cookie = ulong.MaxValue;
            FromTableMiss = false;
            FromPacketOut = false;
            QueueId = 0;
            Now = now;
            GroupDepth = 0;
        }
    }

    private static bool IsPhysical(uint port) => port is > 0 and <= OfpPortNo.Max;
}
