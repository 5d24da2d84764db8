using CsCheck;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Tests.TestSupport;

/// <summary>
/// CsCheck generators of valid OpenFlow 1.3 values: every message type, every multipart type,
/// OXM entries of all 40 fields with and without masks. "Valid" means what the decoder accepts,
/// so that encode → decode → equal must hold for every sample.
/// </summary>
internal static class OfpGen
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ ";

    public static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 48];

    /// <summary>Opaque bodies that the wire pads to 8 bytes survive a round trip only when already a multiple of 8.</summary>
    public static readonly Gen<byte[]> Bytes8 = Gen.Int[0, 4].SelectMany(n => Gen.Byte.Array[8 * n]);

    public static readonly Gen<ulong> Mac = Gen.ULong.Select(x => x & 0xffff_ffff_ffffUL);

    public static Gen<string> Text(int maxLength) =>
        Gen.Int[0, NameChars.Length - 1].Array[0, maxLength].Select(ix => new string(ix.Select(i => NameChars[i]).ToArray()));

    /// <summary>One OXM TLV of <paramref name="field"/>: value within the field's bits, masked when allowed and chosen.</summary>
    public static Gen<OxmEntry> OxmFor(OxmFieldId field, bool allowMask = true) =>
        Gen.Select(Gen.UInt128, Gen.UInt128, Gen.Bool, (value, mask, masked) =>
        {
            var full = OxmFields.FullMask(field);
            if (allowMask && masked && OxmFields.IsMaskable(field))
            {
                mask &= full;
                return new OxmEntry(field, value & mask, mask, true);
            }

            return new OxmEntry(field, value & full);
        });

    /// <summary>Any of the 40 OXM basic fields.</summary>
    public static readonly Gen<OxmEntry> Oxm = Gen.Int[0, OxmFields.Count - 1].SelectMany(f => OxmFor((OxmFieldId)f));

    /// <summary>A match: up to 8 entries, each field at most once.</summary>
    public static readonly Gen<List<OxmEntry>> Match = Oxm.Array[0, 8].Select(a => a.DistinctBy(e => e.Field).ToList());

    private static readonly uint[] ReservedOutputPorts =
        [OfpPortNo.InPort, OfpPortNo.Table, OfpPortNo.Normal, OfpPortNo.Flood, OfpPortNo.All, OfpPortNo.Controller, OfpPortNo.Local];

    /// <summary>set_field may not set in_port, in_phy_port, metadata or ipv6_exthdr, and takes no mask.</summary>
    private static readonly Gen<OxmEntry> SetFieldOxm =
        Gen.Int[(int)OxmFieldId.EthDst, (int)OxmFieldId.TunnelId].SelectMany(f => OxmFor((OxmFieldId)f, allowMask: false));

    public static readonly Gen<OfpAction> Action = Gen.OneOf<OfpAction>(
        Gen.Select(Gen.UInt[1, OfpPortNo.Max], Gen.UShort, (p, m) => OfpAction.Output(p, m)),
        Gen.Select(Gen.OneOf(ReservedOutputPorts), Gen.UShort, (p, m) => OfpAction.Output(p, m)),
        Gen.UInt.Select(OfpAction.Group),
        Gen.UInt.Select(OfpAction.SetQueue),
        Gen.Byte.Select(OfpAction.SetMplsTtl),
        Gen.Byte.Select(OfpAction.SetNwTtl),
        Gen.OneOf<ushort>(0x8100, 0x88a8).Select(e => OfpAction.PushVlan(e)),
        Gen.OneOf<ushort>(0x8847, 0x8848).Select(e => OfpAction.PushMpls(e)),
        Gen.Const(OfpAction.PushPbb()),
        Gen.UShort.Select(OfpAction.PopMpls),
        Gen.OneOf(OfpAction.PopVlan(), OfpAction.PopPbb(), OfpAction.DecNwTtl(), OfpAction.DecMplsTtl(), OfpAction.CopyTtlIn(), OfpAction.CopyTtlOut()),
        SetFieldOxm.Select(OfpAction.SetField),
        Gen.Select(Gen.UInt, Bytes8, (id, d) => new OfpAction(OfpActionType.Experimenter, ExperimenterId: id, ExperimenterData: d)));

    public static readonly Gen<List<OfpAction>> Actions = Action.List[0, 4];

    public static readonly Gen<OfpInstruction> Instruction = Gen.OneOf<OfpInstruction>(
        Gen.Byte.Select(OfpInstruction.GotoTable),
        Gen.Select(Gen.ULong, Gen.ULong, (m, k) => OfpInstruction.WriteMetadata(m, k)),
        Action.Array[0, 4].Select(a => OfpInstruction.ApplyActions(a)),
        Action.Array[0, 4].Select(a => OfpInstruction.WriteActions(a)),
        Gen.Const(OfpInstruction.ClearActions),
        Gen.UInt.Select(OfpInstruction.Meter),
        Gen.Select(Gen.UInt, Bytes8, (id, d) => new OfpInstruction(OfpInstructionType.Experimenter) { ExperimenterId = id, ExperimenterData = d }));

    /// <summary>Instructions, each non-experimenter type at most once (the spec allows no repeats).</summary>
    public static readonly Gen<List<OfpInstruction>> Instructions =
        Instruction.Array[0, 4].Select(a => a.DistinctBy(i => i.Type).ToList());

    public static readonly Gen<OfpBucket> Bucket = Gen.Select(Gen.UShort, Gen.UInt, Gen.UInt, Actions, (w, p, g, a) =>
        new OfpBucket { Weight = w, WatchPort = p, WatchGroup = g, Actions = a });

    public static readonly Gen<List<OfpBucket>> Buckets = Bucket.List[0, 3];

    public static readonly Gen<OfpMeterBand> MeterBand = Gen.OneOf<OfpMeterBand>(
        Gen.Select(Gen.UInt, Gen.UInt, (r, b) => OfpMeterBand.Drop(r, b)),
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte, (r, b, p) => OfpMeterBand.DscpRemark(r, p, b)),
        Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, Bytes8, (r, b, id, d) =>
            new OfpMeterBand { Type = MeterBandType.Experimenter, Rate = r, BurstSize = b, ExperimenterId = id, ExperimenterData = d }));

    public static readonly Gen<List<OfpMeterBand>> MeterBands = MeterBand.List[0, 3];

    public static readonly Gen<OfpPort> Port = Gen.Select(
        Gen.UInt, Mac, Text(15), Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UInt,
        (no, mac, name, config, state, curr, adv, sup, peer, speed, max) => new OfpPort
        {
            PortNo = no,
            HwAddr = mac,
            Name = name,
            Config = (PortConfig)config,
            State = (PortState)state,
            Curr = (PortFeatures)curr,
            Advertised = (PortFeatures)adv,
            Supported = (PortFeatures)sup,
            Peer = (PortFeatures)peer,
            CurrSpeed = speed,
            MaxSpeed = max,
        });

    public static readonly Gen<OfpQueueProperty> QueueProperty = Gen.OneOf<OfpQueueProperty>(
        Gen.Select(Gen.OneOf(QueuePropertyType.MinRate, QueuePropertyType.MaxRate), Gen.UShort, (t, r) => new OfpQueueProperty { Type = t, Rate = r }),
        Gen.Select(Gen.UInt, Bytes8, (id, d) => new OfpQueueProperty { Type = QueuePropertyType.Experimenter, ExperimenterId = id, Data = d }),
        Gen.Select(Gen.UShort[3, 0xfffe], Bytes8, (t, d) => new OfpQueueProperty { Type = (QueuePropertyType)t, Data = d }));

    public static readonly Gen<OfpPacketQueue> PacketQueue = Gen.Select(Gen.UInt, Gen.UInt, QueueProperty.List[0, 3], (q, p, props) =>
        new OfpPacketQueue { QueueId = q, Port = p, Properties = props });

    public static readonly Gen<FlowStatsEntry> FlowStats = Gen.Select(
        Gen.Byte, Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort, Gen.UShort, Gen.UShort, Gen.ULong, Gen.ULong, Gen.ULong, Match, Instructions,
        (table, sec, nsec, prio, idle, hard, flags, cookie, packets, bytes, match, ins) => new FlowStatsEntry
        {
            TableId = table,
            DurationSec = sec,
            DurationNsec = nsec,
            Priority = prio,
            IdleTimeout = idle,
            HardTimeout = hard,
            Flags = (FlowModFlags)flags,
            Cookie = cookie,
            PacketCount = packets,
            ByteCount = bytes,
            Match = match,
            Instructions = ins,
        });

    public static readonly Gen<TableStatsEntry> TableStats = Gen.Select(Gen.Byte, Gen.UInt, Gen.ULong, Gen.ULong, (t, a, l, m) =>
        new TableStatsEntry { TableId = t, ActiveCount = a, LookupCount = l, MatchedCount = m });

    public static readonly Gen<PortStatsEntry> PortStats = Gen.Select(Gen.UInt, Gen.ULong.Array[12], Gen.UInt, Gen.UInt, (p, c, s, n) =>
        new PortStatsEntry
        {
            PortNo = p,
            RxPackets = c[0],
            TxPackets = c[1],
            RxBytes = c[2],
            TxBytes = c[3],
            RxDropped = c[4],
            TxDropped = c[5],
            RxErrors = c[6],
            TxErrors = c[7],
            RxFrameErr = c[8],
            RxOverErr = c[9],
            RxCrcErr = c[10],
            Collisions = c[11],
            DurationSec = s,
            DurationNsec = n,
        });

    public static readonly Gen<QueueStatsEntry> QueueStats = Gen.Select(Gen.UInt, Gen.UInt, Gen.ULong, Gen.ULong, Gen.ULong, Gen.UInt, Gen.UInt,
        (p, q, b, k, e, s, n) => new QueueStatsEntry { PortNo = p, QueueId = q, TxBytes = b, TxPackets = k, TxErrors = e, DurationSec = s, DurationNsec = n });

    public static readonly Gen<GroupStatsEntry> GroupStats = Gen.Select(
        Gen.UInt, Gen.UInt, Gen.ULong, Gen.ULong, Gen.UInt, Gen.UInt, Gen.Select(Gen.ULong, Gen.ULong, (p, b) => new BucketCounter(p, b)).List[0, 3],
        (g, r, p, b, s, n, c) => new GroupStatsEntry { GroupId = g, RefCount = r, PacketCount = p, ByteCount = b, DurationSec = s, DurationNsec = n, BucketStats = c });

    public static readonly Gen<GroupDescEntry> GroupDesc = Gen.Select(Gen.Byte, Gen.UInt, Buckets, (t, g, b) =>
        new GroupDescEntry { GroupType = (GroupType)t, GroupId = g, Buckets = b });

    public static readonly Gen<MeterStatsEntry> MeterStats = Gen.Select(
        Gen.UInt, Gen.UInt, Gen.ULong, Gen.ULong, Gen.UInt, Gen.UInt, Gen.Select(Gen.ULong, Gen.ULong, (p, b) => new MeterBandStats(p, b)).List[0, 3],
        (m, f, p, b, s, n, bands) => new MeterStatsEntry { MeterId = m, FlowCount = f, PacketInCount = p, ByteInCount = b, DurationSec = s, DurationNsec = n, BandStats = bands });

    public static readonly Gen<MeterConfigEntry> MeterConfig = Gen.Select(Gen.UShort, Gen.UInt, MeterBands, (f, m, b) =>
        new MeterConfigEntry { Flags = (MeterFlags)f, MeterId = m, Bands = b });

    /// <summary>One generator per message class (multipart: per class too), keyed by class name.</summary>
    public static readonly IReadOnlyDictionary<string, Gen<OfpMessage>> Messages = BuildMessages();

    /// <summary>Any message of any type.</summary>
    public static readonly Gen<OfpMessage> AnyMessage = Gen.OneOf(Messages.Values.ToArray());

    private static Dictionary<string, Gen<OfpMessage>> BuildMessages()
    {
        var d = new Dictionary<string, Gen<OfpMessage>>();

        void Add<T>(Gen<T> gen)
            where T : OfpMessage =>
            d.Add(typeof(T).Name, Gen.Select(gen, Gen.UInt, (m, xid) =>
            {
                m.Xid = xid;
                return (OfpMessage)m;
            }));

        void AddRequest<T>(Gen<T> gen)
            where T : MultipartRequest =>
            Add(Gen.Select(gen, Gen.UShort, (m, f) =>
            {
                m.Flags = (MultipartRequestFlags)f;
                return m;
            }));

        void AddReply<T>(Gen<T> gen)
            where T : MultipartReply =>
            Add(Gen.Select(gen, Gen.UShort, (m, f) =>
            {
                m.Flags = (MultipartReplyFlags)f;
                return m;
            }));

        Add(Gen.OneOf(
            Gen.Select(Gen.Byte[OfpConstants.Version, 255], Gen.UInt.List[0, 3], (v, b) => new Hello { Version = v, Bitmaps = b }),
            Gen.Byte[1, 3].Select(v => new Hello { Version = v })));
        Add(Gen.OneOf(
            Gen.Select(Gen.UShort[0, 13], Gen.UShort, Bytes, (t, c, data) => new ErrorMessage { ErrorType = (Errors.OfpErrorType)t, Code = c, Data = data }),
            Gen.Select(Gen.UShort, Gen.UInt, Bytes, (t, id, data) =>
                new ErrorMessage { ErrorType = Errors.OfpErrorType.Experimenter, ExpType = t, ExperimenterId = id, Data = data })));
        Add(Bytes.Select(b => new EchoRequest { Data = b }));
        Add(Bytes.Select(b => new EchoReply { Data = b }));
        Add(Gen.Select(Gen.UInt, Gen.UInt, Bytes, (id, t, b) => new ExperimenterMessage { ExperimenterId = id, ExpType = t, Data = b }));
        Add(Gen.Const(() => new FeaturesRequest()));
        Add(Gen.Select(Gen.ULong, Gen.UInt, Gen.Byte, Gen.Byte, Gen.UInt, (dp, nb, nt, aux, caps) =>
            new FeaturesReply { DatapathId = dp, NBuffers = nb, NTables = nt, AuxiliaryId = aux, Capabilities = (SwitchCapabilities)caps }));
        Add(Gen.Const(() => new GetConfigRequest()));
        Add(Gen.Select(Gen.UShort, Gen.UShort, (f, m) => new GetConfigReply { Flags = (ConfigFlags)f, MissSendLen = m }));
        Add(Gen.Select(Gen.UShort[0, 3], Gen.UShort, (f, m) => new SetConfig { Flags = (ConfigFlags)f, MissSendLen = m }));
        Add(Gen.Select(Gen.UInt, Gen.UShort, Gen.Byte, Gen.Byte, Gen.ULong, Match, Bytes, (buf, total, reason, table, cookie, match, data) =>
            new PacketIn { BufferId = buf, TotalLength = total, Reason = (PacketInReason)reason, TableId = table, Cookie = cookie, Match = match, Data = data }));
        Add(Gen.Select(Gen.ULong, Gen.UShort, Gen.Byte, Gen.Byte, Gen.UInt, Gen.UInt, Gen.UShort, Gen.UShort, Gen.ULong, Gen.ULong, Match,
            (cookie, prio, reason, table, sec, nsec, idle, hard, packets, bytes, match) => new FlowRemoved
            {
                Cookie = cookie,
                Priority = prio,
                Reason = (FlowRemovedReason)reason,
                TableId = table,
                DurationSec = sec,
                DurationNsec = nsec,
                IdleTimeout = idle,
                HardTimeout = hard,
                PacketCount = packets,
                ByteCount = bytes,
                Match = match,
            }));
        Add(Gen.Select(Gen.Byte, Port, (r, p) => new PortStatus { Reason = (PortReason)r, Port = p }));
        Add(Gen.Select(Gen.UInt, Gen.UInt, Actions, Bytes, (buf, inPort, actions, data) => new PacketOut { BufferId = buf, InPort = inPort, Actions = actions, Data = data }));
        Add(Gen.Select(
            Gen.ULong, Gen.ULong, Gen.Byte, Gen.Byte[0, 4], Gen.UShort, Gen.UShort, Gen.UShort, Gen.UInt, Gen.UInt, Gen.UInt, Gen.UShort[0, 0x1f], Match, Instructions,
            (cookie, mask, table, cmd, idle, hard, prio, buf, outPort, outGroup, flags, match, ins) => new FlowMod
            {
                Cookie = cookie,
                CookieMask = mask,
                TableId = table,
                Command = (FlowModCommand)cmd,
                IdleTimeout = idle,
                HardTimeout = hard,
                Priority = prio,
                BufferId = buf,
                OutPort = outPort,
                OutGroup = outGroup,
                Flags = (FlowModFlags)flags,
                Match = match,
                Instructions = ins,
            }));
        Add(Gen.Select(Gen.UShort[0, 2], Gen.Byte[0, 3], Gen.UInt, Buckets, (c, t, g, b) =>
            new GroupMod { Command = (GroupModCommand)c, GroupType = (GroupType)t, GroupId = g, Buckets = b }));
        Add(Gen.Select(Gen.UInt, Mac, Gen.UInt, Gen.UInt, Gen.UInt, (p, mac, c, m, a) =>
            new PortMod { PortNo = p, HwAddr = mac, Config = (PortConfig)c, Mask = (PortConfig)m, Advertise = (PortFeatures)a }));
        Add(Gen.Select(Gen.Byte, Gen.UInt, (t, c) => new TableMod { TableId = t, Config = c }));

        AddRequest(Gen.Const(() => new DescRequest()));
        AddReply(Gen.Select(Text(255), Text(255), Text(255), Text(31), Text(255), (m, h, s, n, dp) =>
            new DescReply { MfrDesc = m, HwDesc = h, SwDesc = s, SerialNum = n, DpDesc = dp }));
        AddRequest(Gen.Select(Gen.Byte, Gen.UInt, Gen.UInt, Gen.ULong, Gen.ULong, Match, (t, p, g, c, m, match) =>
            new FlowStatsRequest { TableId = t, OutPort = p, OutGroup = g, Cookie = c, CookieMask = m, Match = match }));
        AddReply(FlowStats.List[0, 3].Select(e => new FlowStatsReply { Entries = e }));
        AddRequest(Gen.Select(Gen.Byte, Gen.UInt, Gen.UInt, Gen.ULong, Gen.ULong, Match, (t, p, g, c, m, match) =>
            new AggregateStatsRequest { TableId = t, OutPort = p, OutGroup = g, Cookie = c, CookieMask = m, Match = match }));
        AddReply(Gen.Select(Gen.ULong, Gen.ULong, Gen.UInt, (p, b, f) => new AggregateStatsReply { PacketCount = p, ByteCount = b, FlowCount = f }));
        AddRequest(Gen.Const(() => new TableStatsRequest()));
        AddReply(TableStats.List[0, 4].Select(e => new TableStatsReply { Entries = e }));
        AddRequest(Gen.UInt.Select(p => new PortStatsRequest { PortNo = p }));
        AddReply(PortStats.List[0, 3].Select(e => new PortStatsReply { Entries = e }));
        AddRequest(Gen.Select(Gen.UInt, Gen.UInt, (p, q) => new QueueStatsRequest { PortNo = p, QueueId = q }));
        AddReply(QueueStats.List[0, 3].Select(e => new QueueStatsReply { Entries = e }));
        AddRequest(Gen.UInt.Select(g => new GroupStatsRequest { GroupId = g }));
        AddReply(GroupStats.List[0, 3].Select(e => new GroupStatsReply { Entries = e }));
        AddRequest(Gen.Const(() => new GroupDescRequest()));
        AddReply(GroupDesc.List[0, 3].Select(e => new GroupDescReply { Entries = e }));
        AddRequest(Gen.Const(() => new GroupFeaturesRequest()));
        AddReply(Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt.Array[4], Gen.UInt.Array[4], (t, c, m, a) =>
            new GroupFeaturesReply { Types = t, Capabilities = (GroupCapabilities)c, MaxGroups = m, Actions = a }));
        AddRequest(Gen.UInt.Select(m => new MeterStatsRequest { MeterId = m }));
        AddReply(MeterStats.List[0, 3].Select(e => new MeterStatsReply { Entries = e }));
        AddRequest(Gen.UInt.Select(m => new MeterConfigRequest { MeterId = m }));
        AddReply(MeterConfig.List[0, 3].Select(e => new MeterConfigReply { Entries = e }));
        AddRequest(Gen.Const(() => new MeterFeaturesRequest()));
        AddReply(Gen.Select(Gen.UInt, Gen.UInt, Gen.UShort, Gen.Byte, Gen.Byte, (m, b, c, nb, nc) =>
            new MeterFeaturesReply { MaxMeter = m, BandTypes = b, Capabilities = (MeterFlags)c, MaxBands = nb, MaxColor = nc }));
        AddRequest(Bytes.Select(b => new TableFeaturesRequest { Body = b }));
        AddReply(Bytes.Select(b => new TableFeaturesReply { Body = b }));
        AddRequest(Gen.Const(() => new PortDescRequest()));
        AddReply(Port.List[0, 4].Select(p => new PortDescReply { Ports = p }));
        AddRequest(Gen.Select(Gen.UInt, Gen.UInt, Bytes, (id, t, b) => new ExperimenterMultipartRequest { ExperimenterId = id, ExpType = t, Data = b }));
        AddReply(Gen.Select(Gen.UInt, Gen.UInt, Bytes, (id, t, b) => new ExperimenterMultipartReply { ExperimenterId = id, ExpType = t, Data = b }));

        Add(Gen.Const(() => new BarrierRequest()));
        Add(Gen.Const(() => new BarrierReply()));
        Add(Gen.UInt.Select(p => new QueueGetConfigRequest { Port = p }));
        Add(Gen.Select(Gen.UInt, PacketQueue.List[0, 3], (p, q) => new QueueGetConfigReply { Port = p, Queues = q }));
        Add(Gen.Select(Gen.UInt[0, 3], Gen.ULong, (r, g) => new RoleRequest { Role = (ControllerRole)r, GenerationId = g }));
        Add(Gen.Select(Gen.UInt, Gen.ULong, (r, g) => new RoleReply { Role = (ControllerRole)r, GenerationId = g }));
        Add(Gen.Const(() => new GetAsyncRequest()));
        Add(Gen.UInt.Array[6].Select(m => new GetAsyncReply { PacketInMask = m[0..2], PortStatusMask = m[2..4], FlowRemovedMask = m[4..6] }));
        Add(Gen.UInt.Array[6].Select(m => new SetAsync { PacketInMask = m[0..2], PortStatusMask = m[2..4], FlowRemovedMask = m[4..6] }));
        Add(Gen.Select(Gen.UShort[0, 2], Gen.UShort[0, 15], Gen.UInt, MeterBands, (c, f, m, b) =>
            new MeterMod { Command = (MeterModCommand)c, Flags = (MeterFlags)f, MeterId = m, Bands = b }));
        return d;
    }
}
