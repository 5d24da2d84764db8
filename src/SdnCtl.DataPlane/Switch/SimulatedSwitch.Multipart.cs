using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Switch;

public sealed partial class SimulatedSwitch
{
    private OfpError? HandleMultipart(ControllerSession session, MultipartRequest request)
    {
        uint xid = request.Xid;
        switch (request)
        {
            case DescRequest:
                Send(session, xid, new DescReply
                {
                    MfrDesc = Options.Manufacturer,
                    HwDesc = Options.Hardware,
                    SwDesc = Options.Software,
                    SerialNum = Options.SerialNumber,
                    DpDesc = Options.DatapathDescription ?? $"dpid:{DatapathId:x16}",
                });
                return null;

            case FlowStatsRequest r:
                {
                    if (BadStatsTable(r.TableId) is { } e)
                    {
                        return e;
                    }

                    var entries = Pipeline.SelectFlows(r.TableId, r.Match, r.Cookie, r.CookieMask, r.OutPort, r.OutGroup)
                        .OrderBy(f => f.TableId).ThenByDescending(f => f.Priority).Select(ToStats).ToList();
                    SendSplit(session, xid, entries, static e => e.WireLength, static part => new FlowStatsReply { Entries = part });
                    return null;
                }

            case AggregateStatsRequest r:
                {
                    if (BadStatsTable(r.TableId) is { } e)
                    {
                        return e;
                    }

                    var flows = Pipeline.SelectFlows(r.TableId, r.Match, r.Cookie, r.CookieMask, r.OutPort, r.OutGroup);
                    Send(session, xid, new AggregateStatsReply
                    {
                        PacketCount = flows.Aggregate(0UL, (sum, f) => sum + f.PacketCount),
                        ByteCount = flows.Aggregate(0UL, (sum, f) => sum + f.ByteCount),
                        FlowCount = (uint)flows.Count,
                    });
                    return null;
                }

            case TableStatsRequest:
                {
                    var entries = Pipeline.Tables.Select(t => new TableStatsEntry
                    {
                        TableId = t.Id,
                        ActiveCount = (uint)t.Count,
                        LookupCount = t.LookupCount,
                        MatchedCount = t.MatchedCount,
                    }).ToList();
                    SendSplit(session, xid, entries, static _ => TableStatsEntry.Size, static part => new TableStatsReply { Entries = part });
                    return null;
                }

            case PortStatsRequest r:
                {
                    if (r.PortNo != OfpPortNo.Any && !Pipeline.Ports.ContainsKey(r.PortNo))
                    {
                        return OfpError.BadRequest(BadRequestCode.BadPort, $"port {r.PortNo} does not exist");
                    }

                    var entries = Pipeline.PortList.Where(p => r.PortNo == OfpPortNo.Any || p.Number == r.PortNo).Select(p =>
                    {
                        var d = Pipeline.Since(p.CreatedTimestamp);
                        return new PortStatsEntry
                        {
                            PortNo = p.Number,
                            RxPackets = p.RxPackets,
                            TxPackets = p.TxPackets,
                            RxBytes = p.RxBytes,
                            TxBytes = p.TxBytes,
                            RxDropped = p.RxDropped,
                            TxDropped = p.TxDropped,
                            DurationSec = (uint)d.TotalSeconds,
                            DurationNsec = Nanos(d),
                        };
                    }).ToList();
                    SendSplit(session, xid, entries, static _ => PortStatsEntry.Size, static part => new PortStatsReply { Entries = part });
                    return null;
                }

            case QueueStatsRequest r:
                if (r.PortNo != OfpPortNo.Any && !Pipeline.Ports.ContainsKey(r.PortNo))
                {
                    return new OfpError(OfpErrorType.QueueOpFailed, (ushort)QueueOpFailedCode.BadPort, $"port {r.PortNo} does not exist");
                }

                // No queues are configured: set_queue is recorded but every port has only its default queue.
                Send(session, xid, new QueueStatsReply());
                return null;

            case GroupStatsRequest r:
                {
                    var groups = r.GroupId == OfpConstants.GroupAll ? Pipeline.Groups.Values.OrderBy(g => g.Id).ToList()
                        : Pipeline.Groups.TryGetValue(r.GroupId, out var one) ? [one] : [];
                    var entries = groups.Select(g =>
                    {
                        var d = Pipeline.Since(g.CreatedTimestamp);
                        return new GroupStatsEntry
                        {
                            GroupId = g.Id,
                            RefCount = (uint)Pipeline.GroupReferenceCount(g.Id),
                            PacketCount = g.PacketCount,
                            ByteCount = g.ByteCount,
                            DurationSec = (uint)d.TotalSeconds,
                            DurationNsec = Nanos(d),
                            BucketStats = [.. g.BucketPacketCounts.Select((p, i) => new BucketCounter(p, g.BucketByteCounts[i]))],
                        };
                    }).ToList();
                    SendSplit(session, xid, entries, static e => e.WireLength, static part => new GroupStatsReply { Entries = part });
                    return null;
                }

            case GroupDescRequest:
                {
                    var entries = Pipeline.Groups.Values.OrderBy(g => g.Id).Select(g => new GroupDescEntry
                    {
                        GroupId = g.Id,
                        GroupType = g.Type,
                        Buckets = [.. g.Buckets],
                    }).ToList();
                    SendSplit(session, xid, entries, static e => e.WireLength, static part => new GroupDescReply { Entries = part });
                    return null;
                }

            case GroupFeaturesRequest:
                {
                    uint maxGroups = (uint)Pipeline.Options.MaxGroups;
                    // Every action type 0..27 this switch executes (PBB excluded).
                    uint actions = (1u << 0) | (1u << 11) | (1u << 12) | (1u << 15) | (1u << 16) | (1u << 17) | (1u << 18) | (1u << 19) |
                                   (1u << 20) | (1u << 21) | (1u << 22) | (1u << 23) | (1u << 24) | (1u << 25);
                    Send(session, xid, new GroupFeaturesReply
                    {
                        Types = (1u << (int)GroupType.All) | (1u << (int)GroupType.Select) | (1u << (int)GroupType.Indirect) | (1u << (int)GroupType.FastFailover),
                        Capabilities = GroupCapabilities.SelectWeight | GroupCapabilities.SelectLiveness | GroupCapabilities.Chaining | GroupCapabilities.ChainingChecks,
                        MaxGroups = [maxGroups, maxGroups, maxGroups, maxGroups],
                        Actions = [actions, actions, actions, actions],
                    });
                    return null;
                }

            case MeterStatsRequest r:
                {
                    var entries = SelectMeters(r.MeterId).Select(m =>
                    {
                        var d = Pipeline.Since(m.CreatedTimestamp);
                        return new MeterStatsEntry
                        {
                            MeterId = m.Id,
                            FlowCount = (uint)Pipeline.MeterFlowCount(m.Id),
                            PacketInCount = m.PacketInCount,
                            ByteInCount = m.ByteInCount,
                            DurationSec = (uint)d.TotalSeconds,
                            DurationNsec = Nanos(d),
                            BandStats = [.. m.BandPacketCounts.Select((p, i) => new MeterBandStats(p, m.BandByteCounts[i]))],
                        };
                    }).ToList();
                    SendSplit(session, xid, entries, static e => e.WireLength, static part => new MeterStatsReply { Entries = part });
                    return null;
                }

            case MeterConfigRequest r:
                {
                    var entries = SelectMeters(r.MeterId).Select(m => new MeterConfigEntry
                    {
                        MeterId = m.Id,
                        Flags = m.Flags,
                        Bands = [.. m.Bands],
                    }).ToList();
                    SendSplit(session, xid, entries, static e => e.WireLength, static part => new MeterConfigReply { Entries = part });
                    return null;
                }

            case MeterFeaturesRequest:
                Send(session, xid, new MeterFeaturesReply
                {
                    MaxMeter = (uint)Pipeline.Options.MaxMeters,
                    BandTypes = (1u << (int)MeterBandType.Drop) | (1u << (int)MeterBandType.DscpRemark),
                    Capabilities = MeterFlags.Kbps | MeterFlags.Pktps | MeterFlags.Burst | MeterFlags.Stats,
                    MaxBands = (byte)Math.Min(255, Pipeline.Options.MaxBands),
                    MaxColor = 0,
                });
                return null;

            case PortDescRequest:
                {
                    var ports = Pipeline.PortList.Select(p => p.ToOfpPort()).ToList();
                    SendSplit(session, xid, ports, static _ => OfpConstants.PortSize, static part => new PortDescReply { Ports = part });
                    return null;
                }

            default:
                // TABLE_FEATURES and experimenter multiparts are not implemented.
                return OfpError.BadRequest(BadRequestCode.BadMultipart, $"multipart {request.MultipartType} is not supported");
        }
    }

    private static uint Nanos(TimeSpan d) => (uint)(d.Ticks % TimeSpan.TicksPerSecond * 100);

    private OfpError? BadStatsTable(byte tableId) =>
        tableId != OfpConstants.TableAll && tableId >= Pipeline.Tables.Count
            ? OfpError.BadRequest(BadRequestCode.BadTableId, $"table {tableId} does not exist")
            : null;

    private List<Meter> SelectMeters(uint meterId) =>
        meterId == OfpConstants.MeterAll ? [.. Pipeline.Meters.Values.OrderBy(m => m.Id)]
        : Pipeline.Meters.TryGetValue(meterId, out var m) ? [m] : [];

    private FlowStatsEntry ToStats(FlowEntry f)
    {
        var d = Pipeline.Since(f.CreatedTimestamp);
        return new FlowStatsEntry
        {
            TableId = f.TableId,
            DurationSec = (uint)d.TotalSeconds,
            DurationNsec = Nanos(d),
            Priority = f.Priority,
            IdleTimeout = f.IdleTimeout,
            HardTimeout = f.HardTimeout,
            Flags = f.Flags,
            Cookie = f.Cookie,
            PacketCount = f.PacketCount,
            ByteCount = f.ByteCount,
            Match = [.. f.Match.Fields],
            Instructions = [.. f.Instructions],
        };
    }

    private static void Send(ControllerSession session, uint xid, MultipartReply reply)
    {
        reply.Xid = xid;
        session.Send(reply);
    }

    /// <summary>Sends <paramref name="entries"/> in as many replies as needed, all but the last with REPLY_MORE (spec 7.3.5).</summary>
    private void SendSplit<T>(ControllerSession session, uint xid, List<T> entries, Func<T, int> size, Func<List<T>, MultipartReply> make)
    {
        int budget = Options.MaxMultipartReplyBytes - OfpConstants.MultipartHeaderSize;
        var parts = new List<MultipartReply>();
        var chunk = new List<T>();
        int used = 0;
        foreach (var e in entries)
        {
            int n = size(e);
            if (chunk.Count > 0 && used + n > budget)
            {
                parts.Add(make(chunk));
                chunk = [];
                used = 0;
            }

            chunk.Add(e);
            used += n;
        }

        parts.Add(make(chunk));
        for (int i = 0; i < parts.Count; i++)
        {
            parts[i].Xid = xid;
            parts[i].Flags = i < parts.Count - 1 ? MultipartReplyFlags.ReplyMore : MultipartReplyFlags.None;
            session.Send(parts[i]);
        }
    }
}
