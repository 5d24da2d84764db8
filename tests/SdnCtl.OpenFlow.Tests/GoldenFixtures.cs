using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests;

/// <summary>
/// One hand-written wire image per message type and per multipart type, laid out field by field
/// from the spec's struct diagrams (cross-checked against Ryu's ofproto_v1_3.py pack strings and
/// Open vSwitch's openflow-1.3.h), with the message each must decode to. Never produced by our
/// encoder: they are the independent oracle.
/// </summary>
internal static class GoldenFixtures
{
    // ofp_port used by PORT_STATUS and PORT_DESC.
    private const string PortHex = """
        00000001                   // port_no 1
        00000000                   // pad
        0a0b0c0d0e0f 0000          // hw_addr, pad2
        6574683100000000 0000000000000000   // name "eth1"
        00000000                   // config
        00000004                   // state LIVE
        00002820                   // curr 1GB_FD|COPPER|AUTONEG
        00002820                   // advertised
        00002820                   // supported
        00000000                   // peer
        000f4240                   // curr_speed 1,000,000 kbps
        000f4240                   // max_speed
        """;

    public static readonly IReadOnlyList<(string Name, string Hex, OfpMessage Message)> All =
    [
        ("Hello", """
            04 00 0010 00000001       // header: HELLO, len 16, xid 1
            0001 0008 00000010        // versionbitmap element, len 8, bit 4 = OF1.3
            """, new Hello { Xid = 1, Version = 4, Bitmaps = [0x10] }),
        ("Hello (OF1.0, no elements)", """
            01 00 0008 00000002
            """, new Hello { Xid = 2, Version = 1 }),
        ("ErrorMessage", """
            04 01 0014 00000003       // ERROR, len 20
            0001 0006                 // BAD_REQUEST / BAD_LEN
            04 05 0008 00000007       // data: the offending FEATURES_REQUEST
            """, new ErrorMessage { Xid = 3, ErrorType = OfpErrorType.BadRequest, Code = 6, Data = Hex.Parse("0405000800000007") }),
        ("ErrorMessage (experimenter)", """
            04 01 0014 00000004
            ffff 0003                 // OFPET_EXPERIMENTER, exp_type 3
            00002320                  // experimenter (Nicira)
            deadbeef                  // data
            """, new ErrorMessage { Xid = 4, ErrorType = OfpErrorType.Experimenter, ExpType = 3, ExperimenterId = 0x2320, Data = Hex.Parse("deadbeef") }),
        ("EchoRequest", "04 02 000c 00000005 | 01020304", new EchoRequest { Xid = 5, Data = Hex.Parse("01020304") }),
        ("EchoReply", "04 03 000c 00000005 | 01020304", new EchoReply { Xid = 5, Data = Hex.Parse("01020304") }),
        ("ExperimenterMessage", """
            04 04 0014 00000006
            00002320                  // experimenter
            00000001                  // exp_type
            aabbccdd                  // data
            """, new ExperimenterMessage { Xid = 6, ExperimenterId = 0x2320, ExpType = 1, Data = Hex.Parse("aabbccdd") }),
        ("FeaturesRequest", "04 05 0008 00000007", new FeaturesRequest { Xid = 7 }),
        ("FeaturesReply", """
            04 06 0020 00000007
            0000080027561a2b          // datapath_id
            00000100                  // n_buffers 256
            fe                        // n_tables 254
            00                        // auxiliary_id
            0000                      // pad
            0000004f                  // capabilities FLOW|TABLE|PORT|GROUP|QUEUE stats
            00000000                  // reserved
            """, new FeaturesReply
            {
                Xid = 7, DatapathId = 0x0000080027561a2b, NBuffers = 256, NTables = 254, AuxiliaryId = 0,
                Capabilities = SwitchCapabilities.FlowStats | SwitchCapabilities.TableStats | SwitchCapabilities.PortStats |
                    SwitchCapabilities.GroupStats | SwitchCapabilities.QueueStats,
            }),
        ("GetConfigRequest", "04 07 0008 00000008", new GetConfigRequest { Xid = 8 }),
        ("GetConfigReply", "04 08 000c 00000008 | 0000 0080", new GetConfigReply { Xid = 8, Flags = ConfigFlags.FragNormal, MissSendLen = 128 }),
        ("SetConfig", "04 09 000c 00000009 | 0001 ffff", new SetConfig { Xid = 9, Flags = ConfigFlags.FragDrop, MissSendLen = 0xffff }),
        ("PacketIn", """
            04 0a 0038 0000000a       // PACKET_IN, len 56
            ffffffff                  // buffer_id NO_BUFFER
            000e                      // total_len 14
            01                        // reason ACTION
            02                        // table_id
            0000000000000099          // cookie
            0001 000c                 // match OXM, length 12
            80000004 00000003         //   in_port = 3
            00000000                  //   pad to 8
            0000                      // pad
            ffffffffffff 000000000001 0806   // data: Ethernet header
            """, new PacketIn
            {
                Xid = 10, BufferId = OfpConstants.NoBuffer, TotalLength = 14, Reason = PacketInReason.Action, TableId = 2, Cookie = 0x99,
                Match = [OxmEntry.InPort(3)], Data = Hex.Parse("ffffffffffff0000000000010806"),
            }),
        ("FlowRemoved", """
            04 0b 0040 0000000b       // FLOW_REMOVED, len 64
            0000000000000001          // cookie
            8000                      // priority
            00                        // reason IDLE_TIMEOUT
            00                        // table_id
            0000000a                  // duration_sec
            00000005                  // duration_nsec
            003c                      // idle_timeout 60
            0000                      // hard_timeout
            0000000000000010          // packet_count
            0000000000000400          // byte_count
            0001 000a                 // match, length 10
            80000a02 0800             //   eth_type = 0x0800
            000000000000              //   pad to 16
            """, new FlowRemoved
            {
                Xid = 11, Cookie = 1, Priority = 0x8000, Reason = FlowRemovedReason.IdleTimeout, TableId = 0, DurationSec = 10,
                DurationNsec = 5, IdleTimeout = 60, HardTimeout = 0, PacketCount = 16, ByteCount = 1024, Match = [OxmEntry.EthType(0x0800)],
            }),
        ("PortStatus", $"""
            04 0c 0050 0000000c       // PORT_STATUS, len 80
            00                        // reason ADD
            00000000000000            // pad[7]
            {PortHex}
            """, new PortStatus { Xid = 12, Reason = PortReason.Add, Port = Eth1() }),
        ("PacketOut", """
            04 0d 002c 0000000d       // PACKET_OUT, len 44
            ffffffff                  // buffer_id
            fffffffd                  // in_port CONTROLLER
            0010                      // actions_len 16
            000000000000              // pad
            0000 0010 00000001 ffe5 000000000000   // output:1 max_len 0xffe5
            01020304                  // data
            """, new PacketOut
            {
                Xid = 13, BufferId = OfpConstants.NoBuffer, InPort = OfpPortNo.Controller, Actions = [OfpAction.Output(1, 0xffe5)],
                Data = Hex.Parse("01020304"),
            }),
        ("FlowMod", """
            04 0e 0060 0000000e       // FLOW_MOD, len 96
            0000000000000abc          // cookie
            0000000000000000          // cookie_mask
            00                        // table_id
            00                        // command ADD
            0000 0000                 // idle, hard timeout
            0064                      // priority 100
            ffffffff                  // buffer_id
            ffffffff                  // out_port ANY
            ffffffff                  // out_group ANY
            0001                      // flags SEND_FLOW_REM
            0000                      // pad
            0001 0016                 // match, length 22
            80000004 00000001         //   in_port = 1
            80000606 000000000002     //   eth_dst = 00:00:00:00:00:02
            0000                      //   pad to 24
            0004 0018 00000000        // APPLY_ACTIONS, len 24
            0000 0010 00000002 ffff 000000000000   // output:2
            """, new FlowMod
            {
                Xid = 14, Cookie = 0xabc, TableId = 0, Command = FlowModCommand.Add, Priority = 100,
                BufferId = OfpConstants.NoBuffer, OutPort = OfpPortNo.Any, OutGroup = OfpConstants.GroupAny, Flags = FlowModFlags.SendFlowRem,
                Match = [OxmEntry.InPort(1), OxmEntry.EthDst(0x000000000002)],
                Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))],
            }),
        ("GroupMod", """
            04 0f 0030 0000000f       // GROUP_MOD, len 48
            0000                      // command ADD
            01                        // type SELECT
            00                        // pad
            00000001                  // group_id
            0020 0032                 // bucket len 32, weight 50
            ffffffff ffffffff         // watch_port, watch_group ANY
            00000000                  // pad
            0000 0010 00000002 ffe5 000000000000   // output:2
            """, new GroupMod
            {
                Xid = 15, Command = GroupModCommand.Add, GroupType = GroupType.Select, GroupId = 1,
                Buckets = [new OfpBucket { Weight = 50, Actions = [OfpAction.Output(2, 0xffe5)] }],
            }),
        ("PortMod", """
            04 10 0028 00000010
            00000001 00000000         // port_no, pad
            0a0b0c0d0e0f 0000         // hw_addr, pad2
            00000001                  // config PORT_DOWN
            00000001                  // mask PORT_DOWN
            00000000                  // advertise
            00000000                  // pad3
            """, new PortMod { Xid = 16, PortNo = 1, HwAddr = 0x0a0b0c0d0e0f, Config = PortConfig.PortDown, Mask = PortConfig.PortDown }),
        ("TableMod", "04 11 0010 00000011 | ff 000000 | 00000003", new TableMod { Xid = 17, TableId = 0xff, Config = 3 }),
        ("DescRequest", "04 12 0010 00000012 | 0000 0000 00000000", new DescRequest { Xid = 18 }),
        ("DescReply", $"""
            04 13 0430 00000012       // MULTIPART_REPLY, len 1072
            0000 0000 00000000        // DESC, flags 0
            {Hex.Ascii("ACME", 256)}
            {Hex.Ascii("sim", 256)}
            {Hex.Ascii("1.0", 256)}
            {Hex.Ascii("123", 32)}
            {Hex.Ascii("dp1", 256)}
            """, new DescReply { Xid = 18, MfrDesc = "ACME", HwDesc = "sim", SwDesc = "1.0", SerialNum = "123", DpDesc = "dp1" }),
        ("FlowStatsRequest", """
            04 12 0038 00000013       // MULTIPART_REQUEST, len 56
            0001 0000 00000000        // FLOW
            ff 000000                 // table_id ALL, pad
            ffffffff ffffffff         // out_port, out_group ANY
            00000000                  // pad2
            0000000000000000          // cookie
            0000000000000000          // cookie_mask
            0001 0004 00000000        // empty match
            """, new FlowStatsRequest { Xid = 19 }),
        ("FlowStatsReply", """
            04 13 0058 00000013       // MULTIPART_REPLY, len 88
            0001 0001 00000000        // FLOW, flags REPLY_MORE
            0048 00 00                // length 72, table_id 0, pad
            00000001 00000002         // duration sec, nsec
            8000 0000 0000 0000       // priority, idle, hard, flags
            00000000                  // pad2
            0000000000000000          // cookie
            0000000000000003          // packet_count
            00000000000000b4          // byte_count
            0001 000c 80000004 00000001 00000000   // match in_port = 1
            0001 0008 01 000000       // GOTO_TABLE 1
            """, new FlowStatsReply
            {
                Xid = 19, Flags = MultipartReplyFlags.ReplyMore,
                Entries =
                [
                    new FlowStatsEntry
                    {
                        TableId = 0, DurationSec = 1, DurationNsec = 2, Priority = 0x8000, PacketCount = 3, ByteCount = 180,
                        Match = [OxmEntry.InPort(1)], Instructions = [OfpInstruction.GotoTable(1)],
                    },
                ],
            }),
        ("AggregateStatsRequest", """
            04 12 0038 00000014
            0002 0000 00000000        // AGGREGATE
            01 000000                 // table_id 1
            00000002 ffffffff         // out_port 2, out_group ANY
            00000000
            0000000000000001          // cookie
            00000000000000ff          // cookie_mask
            0001 0004 00000000
            """, new AggregateStatsRequest { Xid = 20, TableId = 1, OutPort = 2, Cookie = 1, CookieMask = 0xff }),
        ("AggregateStatsReply", """
            04 13 0028 00000014
            0002 0000 00000000
            0000000000000005          // packet_count
            0000000000000190          // byte_count
            00000002 00000000         // flow_count, pad
            """, new AggregateStatsReply { Xid = 20, PacketCount = 5, ByteCount = 400, FlowCount = 2 }),
        ("TableStatsRequest", "04 12 0010 00000015 | 0003 0000 00000000", new TableStatsRequest { Xid = 21 }),
        ("TableStatsReply", """
            04 13 0028 00000015
            0003 0000 00000000
            00 000000                 // table_id, pad
            00000002                  // active_count
            0000000000000064          // lookup_count
            0000000000000032          // matched_count
            """, new TableStatsReply { Xid = 21, Entries = [new TableStatsEntry { TableId = 0, ActiveCount = 2, LookupCount = 100, MatchedCount = 50 }] }),
        ("PortStatsRequest", "04 12 0018 00000016 | 0004 0000 00000000 | ffffffff 00000000", new PortStatsRequest { Xid = 22, PortNo = OfpPortNo.Any }),
        ("PortStatsReply", """
            04 13 0080 00000016       // len 128
            0004 0000 00000000
            00000001 00000000         // port_no, pad
            0000000000000001 0000000000000002   // rx/tx packets
            0000000000000003 0000000000000004   // rx/tx bytes
            0000000000000005 0000000000000006   // rx/tx dropped
            0000000000000007 0000000000000008   // rx/tx errors
            0000000000000009 000000000000000a   // rx frame, over
            000000000000000b 000000000000000c   // rx crc, collisions
            0000000a 00000000         // duration
            """, new PortStatsReply
            {
                Xid = 22,
                Entries =
                [
                    new PortStatsEntry
                    {
                        PortNo = 1, RxPackets = 1, TxPackets = 2, RxBytes = 3, TxBytes = 4, RxDropped = 5, TxDropped = 6, RxErrors = 7,
                        TxErrors = 8, RxFrameErr = 9, RxOverErr = 10, RxCrcErr = 11, Collisions = 12, DurationSec = 10,
                    },
                ],
            }),
        ("QueueStatsRequest", "04 12 0018 00000017 | 0005 0000 00000000 | ffffffff ffffffff", new QueueStatsRequest { Xid = 23 }),
        ("QueueStatsReply", """
            04 13 0038 00000017
            0005 0000 00000000
            00000001 00000000         // port_no, queue_id
            0000000000000064          // tx_bytes
            0000000000000001          // tx_packets
            0000000000000000          // tx_errors
            00000003 00000000         // duration
            """, new QueueStatsReply { Xid = 23, Entries = [new QueueStatsEntry { PortNo = 1, QueueId = 0, TxBytes = 100, TxPackets = 1, DurationSec = 3 }] }),
        ("GroupStatsRequest", "04 12 0018 00000018 | 0006 0000 00000000 | fffffffc 00000000", new GroupStatsRequest { Xid = 24, GroupId = OfpConstants.GroupAll }),
        ("GroupStatsReply", """
            04 13 0048 00000018
            0006 0000 00000000
            0038 0000                 // length 56, pad
            00000001 00000002         // group_id, ref_count
            00000000                  // pad2
            000000000000000a          // packet_count
            0000000000000280          // byte_count
            00000005 00000000         // duration
            000000000000000a 0000000000000280   // bucket 0 counters
            """, new GroupStatsReply
            {
                Xid = 24,
                Entries = [new GroupStatsEntry { GroupId = 1, RefCount = 2, PacketCount = 10, ByteCount = 640, DurationSec = 5, BucketStats = [new BucketCounter(10, 640)] }],
            }),
        ("GroupDescRequest", "04 12 0010 00000019 | 0007 0000 00000000", new GroupDescRequest { Xid = 25 }),
        ("GroupDescReply", """
            04 13 0038 00000019
            0007 0000 00000000
            0028 03 00 00000001       // length 40, FF, pad, group 1
            0020 0000 00000001 ffffffff 00000000   // bucket: watch_port 1
            0000 0010 00000001 ffe5 000000000000   // output:1
            """, new GroupDescReply
            {
                Xid = 25,
                Entries =
                [
                    new GroupDescEntry
                    {
                        GroupType = GroupType.FastFailover, GroupId = 1,
                        Buckets = [new OfpBucket { WatchPort = 1, Actions = [OfpAction.Output(1, 0xffe5)] }],
                    },
                ],
            }),
        ("GroupFeaturesRequest", "04 12 0010 0000001a | 0008 0000 00000000", new GroupFeaturesRequest { Xid = 26 }),
        ("GroupFeaturesReply", """
            04 13 0038 0000001a
            0008 0000 00000000
            0000000f                  // types: all four
            00000005                  // SELECT_WEIGHT|CHAINING
            00000100 00000100 00000100 00000100   // max_groups
            00000001 00400001 00000001 00000001   // actions: output (+ group for SELECT)
            """, new GroupFeaturesReply
            {
                Xid = 26, Types = 0xf, Capabilities = GroupCapabilities.SelectWeight | GroupCapabilities.Chaining,
                MaxGroups = [256, 256, 256, 256], Actions = [1, 0x00400001, 1, 1],
            }),
        ("MeterStatsRequest", "04 12 0018 0000001b | 0009 0000 00000000 | ffffffff 00000000", new MeterStatsRequest { Xid = 27 }),
        ("MeterStatsReply", """
            04 13 0048 0000001b
            0009 0000 00000000
            00000001 0038 000000000000   // meter_id, len 56, pad
            00000001                  // flow_count
            0000000000000064          // packet_in_count
            0000000000001000          // byte_in_count
            00000002 00000000         // duration
            0000000000000005 0000000000000100   // band 0
            """, new MeterStatsReply
            {
                Xid = 27,
                Entries = [new MeterStatsEntry { MeterId = 1, FlowCount = 1, PacketInCount = 100, ByteInCount = 4096, DurationSec = 2, BandStats = [new MeterBandStats(5, 256)] }],
            }),
        ("MeterConfigRequest", "04 12 0018 0000001c | 000a 0000 00000000 | 00000001 00000000", new MeterConfigRequest { Xid = 28, MeterId = 1 }),
        ("MeterConfigReply", """
            04 13 0028 0000001c
            000a 0000 00000000
            0018 0005 00000001        // length 24, KBPS|BURST, meter 1
            0001 0010 000003e8 00000064 00000000   // DROP rate 1000 burst 100
            """, new MeterConfigReply
            {
                Xid = 28, Entries = [new MeterConfigEntry { Flags = MeterFlags.Kbps | MeterFlags.Burst, MeterId = 1, Bands = [OfpMeterBand.Drop(1000, 100)] }],
            }),
        ("MeterFeaturesRequest", "04 12 0010 0000001d | 000b 0000 00000000", new MeterFeaturesRequest { Xid = 29 }),
        ("MeterFeaturesReply", """
            04 13 0020 0000001d
            000b 0000 00000000
            00000100                  // max_meter
            00000006                  // band_types DROP|DSCP_REMARK
            0000000f                  // capabilities
            04 00 0000                // max_bands, max_color, pad
            """, new MeterFeaturesReply { Xid = 29, MaxMeter = 256, BandTypes = 6, Capabilities = (MeterFlags)0xf, MaxBands = 4 }),
        ("TableFeaturesRequest", "04 12 0010 0000001e | 000c 0000 00000000", new TableFeaturesRequest { Xid = 30 }),
        ("TableFeaturesReply", $"""
            04 13 0050 0000001e       // len 80
            000c 0000 00000000
            0040 00 0000000000        // length 64, table_id 0, pad[5]
            {Hex.Ascii("t0", 32)}
            ffffffffffffffff          // metadata_match
            ffffffffffffffff          // metadata_write
            00000000 00001000         // config, max_entries
            """, new TableFeaturesReply
            {
                Xid = 30,
                Body = Hex.Parse("0040000000000000" + Hex.Ascii("t0", 32) + "ffffffffffffffffffffffffffffffff0000000000001000"),
            }),
        ("PortDescRequest", "04 12 0010 0000001f | 000d 0000 00000000", new PortDescRequest { Xid = 31 }),
        ("PortDescReply", $"""
            04 13 0050 0000001f
            000d 0000 00000000
            {PortHex}
            """, new PortDescReply { Xid = 31, Ports = [Eth1()] }),
        ("ExperimenterMultipartRequest", """
            04 12 0020 00000020
            ffff 0000 00000000        // EXPERIMENTER
            00002320 00000001         // experimenter, exp_type
            0102030405060708
            """, new ExperimenterMultipartRequest { Xid = 32, ExperimenterId = 0x2320, ExpType = 1, Data = Hex.Parse("0102030405060708") }),
        ("ExperimenterMultipartReply", """
            04 13 0020 00000020
            ffff 0000 00000000
            00002320 00000001
            0102030405060708
            """, new ExperimenterMultipartReply { Xid = 32, ExperimenterId = 0x2320, ExpType = 1, Data = Hex.Parse("0102030405060708") }),
        ("BarrierRequest", "04 14 0008 00000021", new BarrierRequest { Xid = 33 }),
        ("BarrierReply", "04 15 0008 00000021", new BarrierReply { Xid = 33 }),
        ("QueueGetConfigRequest", "04 16 0010 00000022 | 00000001 00000000", new QueueGetConfigRequest { Xid = 34, Port = 1 }),
        ("QueueGetConfigReply", """
            04 17 0040 00000022       // len 64
            00000001 00000000         // port, pad
            00000001 00000001 0030 000000000000   // queue 1 on port 1, len 48
            0001 0010 00000000 01f4 000000000000  // MIN_RATE 50.0%
            0002 0010 00000000 03e8 000000000000  // MAX_RATE 100.0%
            """, new QueueGetConfigReply
            {
                Xid = 34, Port = 1,
                Queues =
                [
                    new OfpPacketQueue
                    {
                        QueueId = 1, Port = 1,
                        Properties = [new OfpQueueProperty { Type = QueuePropertyType.MinRate, Rate = 500 }, new OfpQueueProperty { Type = QueuePropertyType.MaxRate, Rate = 1000 }],
                    },
                ],
            }),
        ("RoleRequest", "04 18 0018 00000023 | 00000002 00000000 | 0000000000000001", new RoleRequest { Xid = 35, Role = ControllerRole.Master, GenerationId = 1 }),
        ("RoleReply", "04 19 0018 00000023 | 00000002 00000000 | 0000000000000001", new RoleReply { Xid = 35, Role = ControllerRole.Master, GenerationId = 1 }),
        ("GetAsyncRequest", "04 1a 0008 00000024", new GetAsyncRequest { Xid = 36 }),
        ("GetAsyncReply", """
            04 1b 0020 00000024
            00000007 00000000         // packet_in_mask master, slave
            00000007 00000007         // port_status_mask
            0000000f 00000000         // flow_removed_mask
            """, new GetAsyncReply { Xid = 36, PacketInMask = [7, 0], PortStatusMask = [7, 7], FlowRemovedMask = [0xf, 0] }),
        ("SetAsync", """
            04 1c 0020 00000025
            00000007 00000000
            00000007 00000007
            0000000f 00000000
            """, new SetAsync { Xid = 37, PacketInMask = [7, 0], PortStatusMask = [7, 7], FlowRemovedMask = [0xf, 0] }),
        ("MeterMod", """
            04 1d 0030 00000026       // METER_MOD, len 48
            0000 0001 00000001        // ADD, KBPS, meter 1
            0001 0010 00002710 00000000 00000000   // DROP rate 10000
            0002 0010 00001388 00000000 01 000000  // DSCP_REMARK rate 5000 prec 1
            """, new MeterMod
            {
                Xid = 38, Command = MeterModCommand.Add, Flags = MeterFlags.Kbps, MeterId = 1,
                Bands = [OfpMeterBand.Drop(10000), OfpMeterBand.DscpRemark(5000, 1)],
            }),
    ];

    private static OfpPort Eth1() => new()
    {
        PortNo = 1,
        HwAddr = 0x0a0b0c0d0e0f,
        Name = "eth1",
        State = PortState.Live,
        Curr = PortFeatures.Rate1GbFd | PortFeatures.Copper | PortFeatures.Autoneg,
        Advertised = PortFeatures.Rate1GbFd | PortFeatures.Copper | PortFeatures.Autoneg,
        Supported = PortFeatures.Rate1GbFd | PortFeatures.Copper | PortFeatures.Autoneg,
        CurrSpeed = 1_000_000,
        MaxSpeed = 1_000_000,
    };
}
