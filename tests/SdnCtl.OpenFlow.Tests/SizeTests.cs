using System.Reflection;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Tests;

/// <summary>
/// Every wire constant against the value in Open vSwitch's openflow-1.3.h / Ryu's
/// ofproto_v1_3.py, and every fixed struct size against what the encoder actually writes.
/// </summary>
public sealed class SizeTests
{
    // Values from openflow-1.3.h (OFP_ASSERT(sizeof ...)) and ofproto_v1_3.py (*_SIZE, constants).
    private static readonly Dictionary<string, ulong> Expected = new()
    {
        [nameof(OfpConstants.Version)] = 0x04,
        [nameof(OfpConstants.DefaultPort)] = 6653,
        [nameof(OfpConstants.HeaderSize)] = 8,
        [nameof(OfpConstants.MaxMessageSize)] = 65535,
        [nameof(OfpConstants.EmptyMatchSize)] = 8,
        [nameof(OfpConstants.MatchHeaderSize)] = 4,
        [nameof(OfpConstants.FlowModSize)] = 56,
        [nameof(OfpConstants.PacketInSize)] = 32,
        [nameof(OfpConstants.PacketOutSize)] = 24,
        [nameof(OfpConstants.FlowRemovedSize)] = 56,
        [nameof(OfpConstants.PortSize)] = 64,
        [nameof(OfpConstants.PortStatusSize)] = 80,
        [nameof(OfpConstants.SwitchFeaturesSize)] = 32,
        [nameof(OfpConstants.SwitchConfigSize)] = 12,
        [nameof(OfpConstants.ErrorMsgSize)] = 12,
        [nameof(OfpConstants.MultipartHeaderSize)] = 16,
        [nameof(OfpConstants.OxmHeaderSize)] = 4,
        [nameof(OfpConstants.ActionHeaderSize)] = 8,
        [nameof(OfpConstants.ActionOutputSize)] = 16,
        [nameof(OfpConstants.InstructionHeaderSize)] = 4,
        [nameof(OfpConstants.InstructionActionsSize)] = 8,
        [nameof(OfpConstants.GroupModSize)] = 16,
        [nameof(OfpConstants.BucketSize)] = 16,
        [nameof(OfpConstants.MeterModSize)] = 16,
        [nameof(OfpConstants.MeterBandSize)] = 16,
        [nameof(OfpConstants.PortModSize)] = 40,
        [nameof(OfpConstants.TableModSize)] = 16,
        [nameof(OfpConstants.RoleRequestSize)] = 24,
        [nameof(OfpConstants.AsyncConfigSize)] = 32,
        [nameof(OfpConstants.HelloElemHeaderSize)] = 4,
        [nameof(OfpConstants.NoBuffer)] = 0xffffffff,
        [nameof(OfpConstants.ControllerMaxLenNoBuffer)] = 0xffff,
        [nameof(OfpConstants.TableAll)] = 0xff,
        [nameof(OfpConstants.TableMax)] = 0xfe,
        [nameof(OfpConstants.GroupAny)] = 0xffffffff,
        [nameof(OfpConstants.GroupAll)] = 0xfffffffc,
        [nameof(OfpConstants.GroupMax)] = 0xffffff00,
        [nameof(OfpConstants.MeterAll)] = 0xffffffff,
        [nameof(OfpConstants.MeterMax)] = 0xffff0000,
        [nameof(OfpConstants.VlanPresent)] = 0x1000,
        [nameof(OfpConstants.VlanNone)] = 0x0000,
        [nameof(OfpConstants.DefaultPriority)] = 0x8000,
        [nameof(OfpConstants.QueueAll)] = 0xffffffff,
        [nameof(OfpConstants.MaxPortNameLength)] = 16,
        [nameof(OfpConstants.DescStringLength)] = 256,
        [nameof(OfpConstants.SerialNumberLength)] = 32,
        [nameof(OfpConstants.MaxTableNameLength)] = 32,
    };

    public static TheoryData<string> ConstantNames() =>
        new(typeof(OfpConstants).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name));

    [Theory]
    [MemberData(nameof(ConstantNames))]
    public void OfpConstant_Value_MatchesOpenFlowHeader(string name)
    {
        Assert.True(Expected.TryGetValue(name, out ulong expected), $"add {name} to the expected table");
        object value = typeof(OfpConstants).GetField(name)!.GetRawConstantValue()!;
        Assert.Equal(expected, Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PortNumbers_Values_MatchOpenFlowHeader()
    {
        Assert.Equal(0xffffff00u, OfpPortNo.Max);
        Assert.Equal(0xfffffff8u, OfpPortNo.InPort);
        Assert.Equal(0xfffffff9u, OfpPortNo.Table);
        Assert.Equal(0xfffffffau, OfpPortNo.Normal);
        Assert.Equal(0xfffffffbu, OfpPortNo.Flood);
        Assert.Equal(0xfffffffcu, OfpPortNo.All);
        Assert.Equal(0xfffffffdu, OfpPortNo.Controller);
        Assert.Equal(0xfffffffeu, OfpPortNo.Local);
        Assert.Equal(0xffffffffu, OfpPortNo.Any);
    }

    public static TheoryData<string, int, int> MinimalMessages() => new()
    {
        { "header (FEATURES_REQUEST)", OfpConstants.HeaderSize, new FeaturesRequest().Length },
        { "FLOW_MOD with empty match", OfpConstants.FlowModSize, new FlowMod().Length },
        { "PACKET_IN with empty match, before pad and data", OfpConstants.PacketInSize, new PacketIn().Length - 2 },
        { "PACKET_OUT", OfpConstants.PacketOutSize, new PacketOut().Length },
        { "FLOW_REMOVED with empty match", OfpConstants.FlowRemovedSize, new FlowRemoved().Length },
        { "PORT_STATUS", OfpConstants.PortStatusSize, new PortStatus().Length },
        { "ofp_port (PORT_DESC reply minus header)", OfpConstants.PortSize, new PortDescReply { Ports = [new OfpPort()] }.Length - OfpConstants.MultipartHeaderSize },
        { "FEATURES_REPLY", OfpConstants.SwitchFeaturesSize, new FeaturesReply().Length },
        { "GET_CONFIG_REPLY", OfpConstants.SwitchConfigSize, new GetConfigReply().Length },
        { "SET_CONFIG", OfpConstants.SwitchConfigSize, new SetConfig().Length },
        { "ERROR without data", OfpConstants.ErrorMsgSize, new ErrorMessage().Length },
        { "experimenter ERROR without data", 16, new ErrorMessage { ErrorType = Errors.OfpErrorType.Experimenter }.Length },
        { "EXPERIMENTER without data", 16, new ExperimenterMessage().Length },
        { "multipart request header", OfpConstants.MultipartHeaderSize, new DescRequest().Length },
        { "multipart reply header", OfpConstants.MultipartHeaderSize, new PortDescReply().Length },
        { "GROUP_MOD", OfpConstants.GroupModSize, new GroupMod().Length },
        { "ofp_bucket", OfpConstants.BucketSize, new GroupMod { Buckets = [new OfpBucket()] }.Length - OfpConstants.GroupModSize },
        { "METER_MOD", OfpConstants.MeterModSize, new MeterMod().Length },
        { "ofp_meter_band_drop", OfpConstants.MeterBandSize, new MeterMod { Bands = [OfpMeterBand.Drop(1)] }.Length - OfpConstants.MeterModSize },
        { "ofp_meter_band_dscp_remark", 16, new MeterMod { Bands = [OfpMeterBand.DscpRemark(1, 1)] }.Length - OfpConstants.MeterModSize },
        { "PORT_MOD", OfpConstants.PortModSize, new PortMod().Length },
        { "TABLE_MOD", OfpConstants.TableModSize, new TableMod().Length },
        { "ROLE_REQUEST", OfpConstants.RoleRequestSize, new RoleRequest().Length },
        { "ROLE_REPLY", OfpConstants.RoleRequestSize, new RoleReply().Length },
        { "GET_ASYNC_REPLY", OfpConstants.AsyncConfigSize, new GetAsyncReply().Length },
        { "SET_ASYNC", OfpConstants.AsyncConfigSize, new SetAsync().Length },
        { "HELLO with a one-word bitmap", OfpConstants.HeaderSize + 8, Hello.ForVersions(4).Length },
        { "QUEUE_GET_CONFIG_REQUEST", 16, new QueueGetConfigRequest().Length },
        { "QUEUE_GET_CONFIG_REPLY", 16, new QueueGetConfigReply().Length },
        { "ofp_packet_queue", 16, new QueueGetConfigReply { Queues = [new OfpPacketQueue()] }.Length - 16 },
        { "ofp_desc", DescReply.Size + OfpConstants.MultipartHeaderSize, new DescReply().Length },
        { "ofp_desc is 1056", 1056, DescReply.Size },
        { "ofp_flow_stats_request with empty match", OfpConstants.MultipartHeaderSize + 40, new FlowStatsRequest().Length },
        { "ofp_aggregate_stats_request with empty match", OfpConstants.MultipartHeaderSize + 40, new AggregateStatsRequest().Length },
        { "ofp_flow_stats with empty match", 56, new FlowStatsReply { Entries = [new FlowStatsEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_aggregate_stats_reply", 24, new AggregateStatsReply().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_table_stats", TableStatsEntry.Size, new TableStatsReply { Entries = [new TableStatsEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_table_stats is 24", 24, TableStatsEntry.Size },
        { "ofp_port_stats_request", 8, new PortStatsRequest().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_port_stats is 112", 112, new PortStatsReply { Entries = [new PortStatsEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_queue_stats_request", 8, new QueueStatsRequest().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_queue_stats is 40", 40, new QueueStatsReply { Entries = [new QueueStatsEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_group_stats_request", 8, new GroupStatsRequest().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_group_stats is 40", 40, new GroupStatsReply { Entries = [new GroupStatsEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_bucket_counter is 16", 16, new GroupStatsEntry { BucketStats = [default] }.WireLength - 40 },
        { "ofp_group_desc is 8", 8, new GroupDescReply { Entries = [new GroupDescEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_group_features is 40", 40, new GroupFeaturesReply().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_meter_multipart_request", 8, new MeterStatsRequest().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_meter_stats is 40", 40, new MeterStatsReply { Entries = [new MeterStatsEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_meter_band_stats is 16", 16, new MeterStatsEntry { BandStats = [default] }.WireLength - 40 },
        { "ofp_meter_config is 8", 8, new MeterConfigReply { Entries = [new MeterConfigEntry()] }.Length - OfpConstants.MultipartHeaderSize },
        { "ofp_meter_features is 16", 16, new MeterFeaturesReply().Length - OfpConstants.MultipartHeaderSize },
        { "ofp_experimenter_multipart_header", 8, new ExperimenterMultipartRequest().Length - OfpConstants.MultipartHeaderSize },
        { "OXM in_port: header + 4", OfpConstants.OxmHeaderSize + 4, OxmEntry.InPort(1).WireLength },
        { "OXM eth_dst masked: header + 2 * 6", OfpConstants.OxmHeaderSize + 12, OxmEntry.EthDst(1, 0xffffff000000).WireLength },
        { "ofp_action_output", OfpConstants.ActionOutputSize, OfpAction.Output(1).WireLength },
        { "ofp_action_header (pop_vlan)", OfpConstants.ActionHeaderSize, OfpAction.PopVlan().WireLength },
        { "ofp_action_group", 8, OfpAction.Group(1).WireLength },
        { "ofp_action_set_field vlan_vid", 16, OfpAction.SetVlanVid(10).WireLength },
        { "ofp_instruction_goto_table", 8, OfpInstruction.GotoTable(1).WireLength },
        { "ofp_instruction_write_metadata", 24, OfpInstruction.WriteMetadata(1).WireLength },
        { "ofp_instruction_actions without actions", OfpConstants.InstructionActionsSize, OfpInstruction.ApplyActions().WireLength },
        { "ofp_instruction_meter", 8, OfpInstruction.Meter(1).WireLength },
    };

    [Theory]
    [MemberData(nameof(MinimalMessages))]
    public void EncodedLength_MinimalStructure_EqualsSpecSize(string structure, int expected, int actual)
    {
        Assert.True(expected == actual, $"{structure}: expected {expected} bytes, encoder writes {actual}");
    }

    [Fact]
    public void ToArray_EveryMinimalMessage_WritesExactlyLengthBytes()
    {
        foreach (var (_, _, message) in GoldenFixtures.All)
        {
            Span<byte> buffer = new byte[message.Length + 16];
            Assert.Equal(message.Length, message.WriteTo(buffer));
        }
    }

    // OVS openflow-1.3.h / Ryu oxm_types: payload width in bytes and whether OXM_*_W exists.
    public static TheoryData<OxmFieldId, int, bool> OxmFieldTable() => new()
    {
        { OxmFieldId.InPort, 4, false }, { OxmFieldId.InPhyPort, 4, false }, { OxmFieldId.Metadata, 8, true },
        { OxmFieldId.EthDst, 6, true }, { OxmFieldId.EthSrc, 6, true }, { OxmFieldId.EthType, 2, false },
        { OxmFieldId.VlanVid, 2, true }, { OxmFieldId.VlanPcp, 1, false }, { OxmFieldId.IpDscp, 1, false },
        { OxmFieldId.IpEcn, 1, false }, { OxmFieldId.IpProto, 1, false }, { OxmFieldId.Ipv4Src, 4, true },
        { OxmFieldId.Ipv4Dst, 4, true }, { OxmFieldId.TcpSrc, 2, false }, { OxmFieldId.TcpDst, 2, false },
        { OxmFieldId.UdpSrc, 2, false }, { OxmFieldId.UdpDst, 2, false }, { OxmFieldId.SctpSrc, 2, false },
        { OxmFieldId.SctpDst, 2, false }, { OxmFieldId.Icmpv4Type, 1, false }, { OxmFieldId.Icmpv4Code, 1, false },
        { OxmFieldId.ArpOp, 2, false }, { OxmFieldId.ArpSpa, 4, true }, { OxmFieldId.ArpTpa, 4, true },
        { OxmFieldId.ArpSha, 6, true }, { OxmFieldId.ArpTha, 6, true }, { OxmFieldId.Ipv6Src, 16, true },
        { OxmFieldId.Ipv6Dst, 16, true }, { OxmFieldId.Ipv6Flabel, 4, true }, { OxmFieldId.Icmpv6Type, 1, false },
        { OxmFieldId.Icmpv6Code, 1, false }, { OxmFieldId.Ipv6NdTarget, 16, false }, { OxmFieldId.Ipv6NdSll, 6, false },
        { OxmFieldId.Ipv6NdTll, 6, false }, { OxmFieldId.MplsLabel, 4, false }, { OxmFieldId.MplsTc, 1, false },
        { OxmFieldId.MplsBos, 1, false }, { OxmFieldId.PbbIsid, 3, true }, { OxmFieldId.TunnelId, 8, true },
        { OxmFieldId.Ipv6Exthdr, 2, true },
    };

    [Theory]
    [MemberData(nameof(OxmFieldTable))]
    public void OxmFields_WidthAndMaskability_MatchOpenFlowHeader(OxmFieldId field, int width, bool maskable)
    {
        Assert.Equal(width, OxmFields.Width(field));
        Assert.Equal(maskable, OxmFields.IsMaskable(field));
        Assert.Equal(OfpConstants.OxmHeaderSize + width, new OxmEntry(field, 0).WireLength);
    }

    [Fact]
    public void OxmFieldTable_CoversAll40Fields()
    {
        Assert.Equal(OxmFields.Count, OxmFieldTable().Count());
        Assert.Equal(OxmFields.Count, Enum.GetValues<OxmFieldId>().Length);
    }
}
