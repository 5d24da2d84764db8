using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

public sealed partial class SwitchPipeline
{
    /// <summary>
    /// A frame arrives on <paramref name="inPort"/>: counts it on the port (or drops it when the
    /// port is unknown, down or NO_RECV) and runs it through the tables from table 0. The buffer is
    /// rewritten in place; outputs go to <paramref name="output"/> synchronously. Allocation-free
    /// unless <paramref name="trace"/> is given.
    /// </summary>
    public void Receive(uint inPort, PacketBuffer packet, IPacketOutput output, PacketTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(output);
        if (!_ports.TryGetValue(inPort, out var port))
        {
            trace?.Add(new TraceStep(-1, "drop", $"unknown ingress port {inPort}"));
            return;
        }

        if (!port.IsLive || (port.Config & PortConfig.NoRecv) != 0)
        {
            port.RxDropped++;
            trace?.Add(new TraceStep(-1, "drop", $"ingress port {inPort} is down or NO_RECV"));
            return;
        }

        port.RxPackets++;
        port.RxBytes += (ulong)packet.Length;
        PacketParser.Parse(packet.Span, inPort, out var fields);
        if (DropFragments && fields.IsFragment)
        {
            trace?.Add(new TraceStep(-1, "drop", "IP fragment (OFPC_FRAG_DROP)"));
            return;
        }

        if (_tunnelsByRemote.Count > 0 && IsVxlanToUs(in fields) && !TryDecapsulate(packet, ref fields, trace))
        {
            return;
        }

        _state.Reset(output, trace, fields.InPort, Clock.GetTimestamp());
        RunTables(packet, ref fields, 0);
    }

    /// <summary>Convenience for tests and traces: copies <paramref name="frame"/>, runs it, and collects the outcome.</summary>
    public ApplyResult Receive(uint inPort, ReadOnlySpan<byte> frame, bool trace = false)
    {
        var result = new ApplyResult(trace ? new PacketTrace() : null);
        var buffer = RentBuffer();
        try
        {
            buffer.SetFrame(frame);
            Receive(inPort, buffer, result, result.Trace);
        }
        finally
        {
            ReturnBuffer(buffer);
        }

        return result;
    }

    /// <summary>
    /// PACKET_OUT (spec 7.3.7): applies <paramref name="actions"/> in order to the packet as if it had
    /// arrived on <paramref name="inPort"/> (a port number or OFPP_CONTROLLER). output:TABLE submits it
    /// to table 0. Validate the actions first with <see cref="ValidatePacketOut"/>.
    /// </summary>
    public void PacketOut(uint inPort, PacketBuffer packet, IReadOnlyList<OfpAction> actions, IPacketOutput output, PacketTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(output);
        PacketParser.Parse(packet.Span, inPort, out var fields);
        _state.Reset(output, trace, inPort, Clock.GetTimestamp());
        _state.FromPacketOut = true;
        _state.TableId = OfpConstants.TableAll;
        for (int i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            trace?.Add(new TraceStep(-1, "action", a.ToString()));
            if (!Execute(packet, ref fields, a))
            {
                return;
            }
        }
    }

    private void RunTables(PacketBuffer packet, ref PacketFields fields, int tableId)
    {
        var st = _state;
        while (true)
        {
            var table = _tables[tableId];
            table.LookupCount++;
            int id = table.LookupId(in fields);
            if (id < 0)
            {
                // Spec 5.4: without a table-miss entry the packet is dropped.
                st.Trace?.Add(new TraceStep(tableId, "miss", "no entry matched (no table-miss entry): drop"));
                return;
            }

            table.MatchedCount++;
            ref var record = ref table.Record(id);
            record.PacketCount++;
            record.ByteCount += (ulong)packet.Length;
            record.LastUsedTimestamp = st.Now;
            st.TableId = (byte)tableId;
            st.Cookie = record.Cookie;
            st.FromTableMiss = record.Priority == 0 && table.SubtableOf(id).Required == 0;
            if (st.Trace is { } trace)
            {
                var entry = table.Handle(id);
                trace.Add(new TraceStep(tableId, "lookup", $"match={entry.Match} instructions={string.Join(",", entry.Instructions)}", entry.Cookie, entry.Priority));
            }

            var ins = table.InstructionsOf(id);
            if (ins.MeterId != 0 && !ApplyMeter(ins.MeterId, packet, ref fields))
            {
                return;
            }

            if (ins.ApplyActions is { } apply)
            {
                for (int i = 0; i < apply.Length; i++)
                {
                    st.Trace?.Add(new TraceStep(tableId, "action", apply[i].ToString()));
                    if (!Execute(packet, ref fields, apply[i]))
                    {
                        return;
                    }
                }
            }

            if (ins.ClearActions)
            {
                st.ActionSet.Clear();
            }

            if (ins.WriteActions is { } write)
            {
                st.ActionSet.Write(write);
            }

            if (ins.HasWriteMetadata)
            {
                ulong md = fields.Words[1];
                fields.Words[1] = (md & ~ins.MetadataMask) | (ins.Metadata & ins.MetadataMask);
            }

            if (ins.GotoTable > tableId)
            {
                tableId = ins.GotoTable;
                continue;
            }

            ExecuteActionSet(packet, ref fields);
            return;
        }
    }

    private void ExecuteActionSet(PacketBuffer packet, ref PacketFields fields)
    {
        var set = _state.ActionSet;
        if (set.IsEmpty)
        {
            _state.Trace?.Add(new TraceStep(_state.TableId, "drop", "empty action set"));
            return;
        }

        ulong cursor = set.Snapshot();
        while (set.TryTakeNext(ref cursor, out var a))
        {
            _state.Trace?.Add(new TraceStep(_state.TableId, "action-set", a.ToString()));
            if (!Execute(packet, ref fields, a))
            {
                return;
            }
        }
    }

    private bool ApplyMeter(uint meterId, PacketBuffer packet, ref PacketFields fields)
    {
        if (!_meters.TryGetValue(meterId, out var meter))
        {
            return true;
        }

        int band = meter.Apply(packet.Length, _state.Now, Clock.TimestampFrequency);
        if (band < 0)
        {
            return true;
        }

        var b = meter.Bands[band];
        if (b.Type == MeterBandType.DscpRemark)
        {
            // Raise the drop precedence (the AF class's low DSCP bits) by prec_level.
            if (fields.IsIpv4 || fields.IsIpv6)
            {
                byte dscp = (byte)fields.Get(OpenFlow.Oxm.OxmFieldId.IpDscp);
                int prec = Math.Min(3, ((dscp >> 1) & 3) + b.PrecLevel);
                byte remarked = (byte)((dscp & ~0x06) | (prec << 1));
                PacketRewriter.SetField(packet, ref fields, new OpenFlow.Oxm.OxmEntry(OpenFlow.Oxm.OxmFieldId.IpDscp, remarked));
            }

            _state.Trace?.Add(new TraceStep(_state.TableId, "meter", $"meter {meterId} band {band} remarked DSCP"));
            return true;
        }

        _state.Trace?.Add(new TraceStep(_state.TableId, "meter", $"meter {meterId} band {band} (rate {b.Rate}) dropped the packet"));
        return false;
    }

    /// <summary>Runs one action; false when the packet must not go further (TTL expired).</summary>
    private bool Execute(PacketBuffer packet, ref PacketFields fields, in OfpAction a)
    {
        switch (a.Type)
        {
            case OfpActionType.Output:
                Output(packet, ref fields, a.Argument, a.MaxLen);
                return true;
            case OfpActionType.Group:
                ExecuteGroup(a.Argument, packet, ref fields);
                return true;
            case OfpActionType.PushVlan:
                PacketRewriter.PushVlan(packet, ref fields, (ushort)a.Argument);
                return true;
            case OfpActionType.PopVlan:
                PacketRewriter.PopVlan(packet, ref fields);
                return true;
            case OfpActionType.PushMpls:
                PacketRewriter.PushMpls(packet, ref fields, (ushort)a.Argument);
                return true;
            case OfpActionType.PopMpls:
                PacketRewriter.PopMpls(packet, ref fields, (ushort)a.Argument);
                return true;
            case OfpActionType.SetField:
                PacketRewriter.SetField(packet, ref fields, a.Field);
                return true;
            case OfpActionType.SetQueue:
                _state.QueueId = a.Argument;
                return true;
            case OfpActionType.DecNwTtl:
                return TtlCheck(PacketRewriter.DecrementIpTtl(packet, ref fields), packet);
            case OfpActionType.SetNwTtl:
                PacketRewriter.SetIpTtl(packet, ref fields, (byte)a.Argument);
                return true;
            case OfpActionType.DecMplsTtl:
                return TtlCheck(PacketRewriter.DecrementMplsTtl(packet, ref fields), packet);
            case OfpActionType.SetMplsTtl:
                PacketRewriter.SetMplsTtl(packet, ref fields, (byte)a.Argument);
                return true;
            case OfpActionType.CopyTtlOut:
                PacketRewriter.CopyTtl(packet, ref fields, outwards: true);
                return true;
            case OfpActionType.CopyTtlIn:
                PacketRewriter.CopyTtl(packet, ref fields, outwards: false);
                return true;
            default:
                // PBB and experimenter actions are refused when installed; nothing to do here.
                return true;
        }
    }

    private bool TtlCheck(TtlResult result, PacketBuffer packet)
    {
        if (result != TtlResult.Expired)
        {
            return true;
        }

        var st = _state;
        if (InvalidTtlToController)
        {
            st.Trace?.Add(new TraceStep(st.TableId, "packet-in", "TTL expired: INVALID_TTL"));
            st.Output.PacketIn(new PacketInEvent(PacketInReason.InvalidTtl, st.TableId, st.Cookie, st.InPort, 0, 0, OfpConstants.ControllerMaxLenNoBuffer), packet.Span);
        }
        else
        {
            st.Trace?.Add(new TraceStep(st.TableId, "drop", "TTL expired"));
        }

        return false;
    }

    private void Output(PacketBuffer packet, ref PacketFields fields, uint port, ushort maxLen)
    {
        var st = _state;
        switch (port)
        {
            case OfpPortNo.InPort:
                Transmit(st.InPort, packet, in fields, allowInPort: true);
                break;
            case OfpPortNo.All:
            case OfpPortNo.Flood:
                foreach (var p in _portOrder)
                {
                    if (p.Number != st.InPort && (port == OfpPortNo.All || (p.State & PortState.Blocked) == 0))
                    {
                        Transmit(p.Number, packet, in fields, allowInPort: false);
                    }
                }

                break;
            case OfpPortNo.Controller:
                SendToController(packet, ref fields, maxLen);
                break;
            case OfpPortNo.Local:
                st.Trace?.Add(new TraceStep(st.TableId, "output", "LOCAL"));
                st.Output.Transmit(OfpPortNo.Local, packet.Span);
                break;
            case OfpPortNo.Table when st.FromPacketOut:
                {
                    // The packet-out's packet enters the pipeline; further actions see the original.
                    var clone = RentBuffer();
                    clone.CopyFrom(packet);
                    var f = fields;
                    uint inPort = st.InPort;
                    _state.Reset(st.Output, st.Trace, inPort, st.Now);
                    RunTables(clone, ref f, 0);
                    _state.FromPacketOut = true;
                    ReturnBuffer(clone);
                    break;
                }

            default:
                if (IsPhysical(port))
                {
                    Transmit(port, packet, in fields, allowInPort: false);
                }
                else
                {
                    st.Trace?.Add(new TraceStep(st.TableId, "drop", $"output to unsupported port 0x{port:x}"));
                }

                break;
        }
    }

    private void SendToController(PacketBuffer packet, ref PacketFields fields, ushort maxLen)
    {
        var st = _state;
        if (_ports.TryGetValue(st.InPort, out var ingress) && (ingress.Config & PortConfig.NoPacketIn) != 0)
        {
            st.Trace?.Add(new TraceStep(st.TableId, "drop", "ingress port has NO_PACKET_IN"));
            return;
        }

        var reason = st.FromTableMiss && !st.FromPacketOut ? PacketInReason.NoMatch : PacketInReason.Action;
        st.Trace?.Add(new TraceStep(st.TableId, "packet-in", $"{reason} max_len={maxLen}"));
        st.Output.PacketIn(new PacketInEvent(reason, st.TableId, st.Cookie, st.InPort, fields.Words[1], fields.Words[2], maxLen), packet.Span);
    }

    private void Transmit(uint portNo, PacketBuffer packet, in PacketFields fields, bool allowInPort)
    {
        var st = _state;
        if (portNo == st.InPort && !allowInPort)
        {
            // Spec 7.2.5: a packet leaves through its ingress port only via OFPP_IN_PORT.
            st.Trace?.Add(new TraceStep(st.TableId, "drop", $"output to ingress port {portNo} without IN_PORT"));
            return;
        }

        if (!_ports.TryGetValue(portNo, out var port))
        {
            st.Trace?.Add(new TraceStep(st.TableId, "drop", $"output to unknown port {portNo}"));
            return;
        }

        if (!port.IsLive || (port.Config & PortConfig.NoFwd) != 0)
        {
            port.TxDropped++;
            st.Trace?.Add(new TraceStep(st.TableId, "drop", $"port {portNo} is down or NO_FWD"));
            return;
        }

        if (port.Vxlan is { } vxlan)
        {
            Encapsulate(port, vxlan, packet, in fields);
            return;
        }

        port.TxPackets++;
        port.TxBytes += (ulong)packet.Length;
        st.Trace?.Add(new TraceStep(st.TableId, "output", $"port {portNo}"));
        st.Output.Transmit(portNo, packet.Span);
    }

    private void ExecuteGroup(uint groupId, PacketBuffer packet, ref PacketFields fields)
    {
        var st = _state;
        if (!_groups.TryGetValue(groupId, out var group) || st.GroupDepth >= Options.MaxGroupDepth)
        {
            st.Trace?.Add(new TraceStep(st.TableId, "drop", $"group {groupId} missing or chained too deep"));
            return;
        }

        group.PacketCount++;
        group.ByteCount += (ulong)packet.Length;
        st.Trace?.Add(new TraceStep(st.TableId, "group", $"group {groupId} {group.Type}"));
        switch (group.Type)
        {
            case GroupType.All:
                for (int i = 0; i < group.BucketActions.Length; i++)
                {
                    RunBucket(group, i, packet, ref fields);
                }

                break;
            case GroupType.Select:
                {
                    int i = SelectBucket(group, ref fields);
                    if (i >= 0)
                    {
                        RunBucket(group, i, packet, ref fields);
                    }

                    break;
                }

            case GroupType.Indirect:
                if (group.BucketActions.Length > 0)
                {
                    RunBucket(group, 0, packet, ref fields);
                }

                break;
            case GroupType.FastFailover:
                for (int i = 0; i < group.Buckets.Count; i++)
                {
                    if (IsBucketLive(group.Buckets[i], 0))
                    {
                        RunBucket(group, i, packet, ref fields);
                        return;
                    }
                }

                st.Trace?.Add(new TraceStep(st.TableId, "drop", $"group {groupId}: no live bucket"));
                break;
            default:
                break;
        }
    }

    private void RunBucket(Group group, int index, PacketBuffer packet, ref PacketFields fields)
    {
        var st = _state;
        group.BucketPacketCounts[index]++;
        group.BucketByteCounts[index] += (ulong)packet.Length;
        // Each bucket works on its own copy of the packet (spec 5.6.1).
        var clone = RentBuffer();
        clone.CopyFrom(packet);
        var f = fields;
        st.GroupDepth++;
        var actions = group.BucketActions[index];
        for (int i = 0; i < actions.Length; i++)
        {
            st.Trace?.Add(new TraceStep(st.TableId, "action", $"group {group.Id} bucket {index}: {actions[i]}"));
            if (!Execute(clone, ref f, actions[i]))
            {
                break;
            }
        }

        st.GroupDepth--;
        ReturnBuffer(clone);
    }

    private int SelectBucket(Group group, ref PacketFields fields)
    {
        // Weighted choice among live buckets by a hash of the flow, so a flow sticks to one bucket.
        // When every live bucket has weight 0 (some controllers leave it unset) they count equally.
        var buckets = group.Buckets;
        long total = 0;
        int live = 0;
        for (int i = 0; i < buckets.Count; i++)
        {
            if (IsBucketLive(buckets[i], 0))
            {
                total += buckets[i].Weight;
                live++;
            }
        }

        if (live == 0)
        {
            return -1;
        }

        bool equal = total == 0;
        long pick = (long)(fields.FlowHash() % (ulong)(equal ? live : total));
        for (int i = 0; i < buckets.Count; i++)
        {
            if (IsBucketLive(buckets[i], 0))
            {
                pick -= equal ? 1 : buckets[i].Weight;
                if (pick < 0)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private bool IsBucketLive(OfpBucket bucket, int depth)
    {
        if (bucket.WatchPort != OfpPortNo.Any && !(_ports.TryGetValue(bucket.WatchPort, out var p) && p.IsLive))
        {
            return false;
        }

        return bucket.WatchGroup == OfpConstants.GroupAny || IsGroupLive(bucket.WatchGroup, depth + 1);
    }

    /// <summary>A group is live when at least one of its buckets is (spec 6.5, fast failover).</summary>
    public bool IsGroupLive(uint groupId) => IsGroupLive(groupId, 0);

    private bool IsGroupLive(uint groupId, int depth)
    {
        if (depth > Options.MaxGroupDepth || !_groups.TryGetValue(groupId, out var g))
        {
            return false;
        }

        foreach (var b in g.Buckets)
        {
            if (IsBucketLive(b, depth))
            {
                return true;
            }
        }

        return false;
    }
}
