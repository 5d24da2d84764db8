namespace SdnCtl.OpenFlow;

/// <summary>
/// Wire constants and fixed struct sizes of OpenFlow 1.3, each written once.
/// Sizes are cross-checked against Open vSwitch's openflow-1.3.h and Ryu's ofproto_v1_3.py by tests.
/// </summary>
public static class OfpConstants
{
    /// <summary>OFP_VERSION for OpenFlow 1.3.</summary>
    public const byte Version = 0x04;

    /// <summary>IANA port for OpenFlow.</summary>
    public const int DefaultPort = 6653;

    /// <summary>sizeof(struct ofp_header).</summary>
    public const int HeaderSize = 8;

    /// <summary>Largest message the 16-bit length field can describe.</summary>
    public const int MaxMessageSize = ushort.MaxValue;

    /// <summary>sizeof(struct ofp_match) with no OXM fields: type, length and 4 bytes of padding.</summary>
    public const int EmptyMatchSize = 8;

    /// <summary>Fixed part of struct ofp_match before the OXM fields (type + length).</summary>
    public const int MatchHeaderSize = 4;

    /// <summary>sizeof(struct ofp_flow_mod) including the empty 8-byte match.</summary>
    public const int FlowModSize = 56;

    /// <summary>sizeof(struct ofp_packet_in) including the empty 8-byte match (before the 2 pad bytes and data).</summary>
    public const int PacketInSize = 32;

    /// <summary>sizeof(struct ofp_packet_out) without actions.</summary>
    public const int PacketOutSize = 24;

    /// <summary>sizeof(struct ofp_flow_removed) including the empty 8-byte match.</summary>
    public const int FlowRemovedSize = 56;

    /// <summary>sizeof(struct ofp_port).</summary>
    public const int PortSize = 64;

    /// <summary>sizeof(struct ofp_port_status).</summary>
    public const int PortStatusSize = 80;

    /// <summary>sizeof(struct ofp_switch_features).</summary>
    public const int SwitchFeaturesSize = 32;

    /// <summary>sizeof(struct ofp_switch_config).</summary>
    public const int SwitchConfigSize = 12;

    /// <summary>sizeof(struct ofp_error_msg) without data.</summary>
    public const int ErrorMsgSize = 12;

    /// <summary>sizeof(struct ofp_multipart_request) / ofp_multipart_reply header.</summary>
    public const int MultipartHeaderSize = 16;

    /// <summary>sizeof(struct ofp_oxm) header: class, field+hasmask, length.</summary>
    public const int OxmHeaderSize = 4;

    /// <summary>sizeof(struct ofp_action_header).</summary>
    public const int ActionHeaderSize = 8;

    /// <summary>sizeof(struct ofp_action_output).</summary>
    public const int ActionOutputSize = 16;

    /// <summary>sizeof(struct ofp_instruction) header.</summary>
    public const int InstructionHeaderSize = 4;

    /// <summary>sizeof(struct ofp_instruction_actions) without actions.</summary>
    public const int InstructionActionsSize = 8;

    /// <summary>sizeof(struct ofp_group_mod) without buckets.</summary>
    public const int GroupModSize = 16;

    /// <summary>sizeof(struct ofp_bucket) without actions.</summary>
    public const int BucketSize = 16;

    /// <summary>sizeof(struct ofp_meter_mod) without bands.</summary>
    public const int MeterModSize = 16;

    /// <summary>sizeof(struct ofp_meter_band_drop).</summary>
    public const int MeterBandSize = 16;

    /// <summary>sizeof(struct ofp_port_mod).</summary>
    public const int PortModSize = 40;

    /// <summary>sizeof(struct ofp_table_mod).</summary>
    public const int TableModSize = 16;

    /// <summary>sizeof(struct ofp_role_request).</summary>
    public const int RoleRequestSize = 24;

    /// <summary>sizeof(struct ofp_async_config).</summary>
    public const int AsyncConfigSize = 32;

    /// <summary>sizeof(struct ofp_hello_elem_header).</summary>
    public const int HelloElemHeaderSize = 4;

    /// <summary>OFP_NO_BUFFER: the packet is not buffered on the switch.</summary>
    public const uint NoBuffer = 0xffffffff;

    /// <summary>OFPCML_NO_BUFFER: send the whole packet to the controller.</summary>
    public const ushort ControllerMaxLenNoBuffer = 0xffff;

    /// <summary>OFPTT_ALL: wildcard table id for delete and stats requests.</summary>
    public const byte TableAll = 0xff;

    /// <summary>OFPTT_MAX: the last usable table id.</summary>
    public const byte TableMax = 0xfe;

    /// <summary>OFPG_ANY: wildcard group for flow deletes and stats.</summary>
    public const uint GroupAny = 0xffffffff;

    /// <summary>OFPG_ALL: all groups, for GROUP_MOD delete and group stats.</summary>
    public const uint GroupAll = 0xfffffffc;

    /// <summary>OFPG_MAX: the last usable group id.</summary>
    public const uint GroupMax = 0xffffff00;

    /// <summary>OFPM_ALL: all meters.</summary>
    public const uint MeterAll = 0xffffffff;

    /// <summary>OFPM_MAX: the last usable meter id.</summary>
    public const uint MeterMax = 0xffff0000;

    /// <summary>OFPVID_PRESENT: set in OXM vlan_vid when a VLAN tag is present.</summary>
    public const ushort VlanPresent = 0x1000;

    /// <summary>OFPVID_NONE: OXM vlan_vid value matching packets without a tag.</summary>
    public const ushort VlanNone = 0x0000;

    /// <summary>OFP_DEFAULT_PRIORITY.</summary>
    public const ushort DefaultPriority = 0x8000;

    /// <summary>OFPQ_ALL.</summary>
    public const uint QueueAll = 0xffffffff;

    /// <summary>Length of fixed-size name strings (OFP_MAX_PORT_NAME_LEN, OFP_MAX_TABLE_NAME_LEN).</summary>
    public const int MaxPortNameLength = 16;

    /// <summary>DESC_STR_LEN.</summary>
    public const int DescStringLength = 256;

    /// <summary>SERIAL_NUM_LEN.</summary>
    public const int SerialNumberLength = 32;

    /// <summary>OFP_MAX_TABLE_NAME_LEN.</summary>
    public const int MaxTableNameLength = 32;
}
