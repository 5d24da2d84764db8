namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// Ethernet addressing of a frame to build: MACs as 48-bit numbers, and an optional 802.1Q tag
/// (<paramref name="VlanVid"/> 0 means untagged).
/// </summary>
public readonly record struct L2Header(ulong Src, ulong Dst, ushort VlanVid = 0, byte VlanPcp = 0)
{
    /// <summary>The broadcast MAC ff:ff:ff:ff:ff:ff.</summary>
    public const ulong Broadcast = 0xffff_ffff_ffffUL;

    /// <summary>Header length: 14, or 18 with a tag.</summary>
    public int Length => VlanVid != 0 ? 18 : 14;
}
