namespace SdnCtl.Topology.Tenants;

/// <summary>How a segment is carried between switches.</summary>
public enum SegmentKind
{
    /// <summary>An 802.1Q VLAN: tagged on trunks with its VID, untagged on access ports.</summary>
    Vlan,

    /// <summary>A VXLAN overlay: encapsulated between tunnel endpoints with its 24-bit VNI.</summary>
    Vxlan,
}
