namespace SdnCtl.OpenFlow.Oxm;

/// <summary>
/// Per-field facts of the 40 OXM basic fields (spec table 12): payload width in bytes, whether a
/// mask is allowed, and the significant bit width (vlan_vid is 13 bits, ip_dscp 6, ...).
/// </summary>
public static class OxmFields
{
    /// <summary>Number of OXM basic fields defined by OpenFlow 1.3.</summary>
    public const int Count = 40;

    /// <summary>OFPXMC_OPENFLOW_BASIC.</summary>
    public const ushort ClassOpenFlowBasic = 0x8000;

    /// <summary>OFPXMC_EXPERIMENTER.</summary>
    public const ushort ClassExperimenter = 0xffff;

    // Indexed by OxmFieldId. Written once here, asserted by tests against openflow-1.3.h.
    private static ReadOnlySpan<byte> Widths =>
    [
        4, 4, 8, 6, 6, 2, 2, 1, 1, 1, 1, 4, 4, 2, 2, 2, 2, 2, 2, 1,
        1, 2, 4, 4, 6, 6, 16, 16, 4, 1, 1, 16, 6, 6, 4, 1, 1, 3, 8, 2,
    ];

    private static ReadOnlySpan<byte> BitWidths =>
    [
        32, 32, 64, 48, 48, 16, 13, 3, 6, 2, 8, 32, 32, 16, 16, 16, 16, 16, 16, 8,
        8, 16, 32, 32, 48, 48, 128, 128, 20, 8, 8, 128, 48, 48, 20, 3, 1, 24, 64, 9,
    ];

    // 1 = the spec allows a mask for this field.
    private static ReadOnlySpan<byte> Maskable =>
    [
        0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1,
    ];

    /// <summary>True when <paramref name="field"/> is one of the 40 basic fields.</summary>
    public static bool IsDefined(OxmFieldId field) => (byte)field < Count;

    /// <summary>Payload width on the wire (without mask) in bytes.</summary>
    public static int Width(OxmFieldId field) => Widths[(byte)field];

    /// <summary>Number of significant bits; higher bits of a value must be zero.</summary>
    public static int BitWidth(OxmFieldId field) => BitWidths[(byte)field];

    /// <summary>Whether the spec allows <c>hasmask</c> for this field.</summary>
    public static bool IsMaskable(OxmFieldId field) => Maskable[(byte)field] != 0;

    // UInt128 shifts are done in software; the decoder needs these masks for every OXM, so they
    // are computed once.
    private static readonly UInt128[] FullMasks = ComputeFullMasks();

    /// <summary>All-ones value of the field's significant bits.</summary>
    public static UInt128 FullMask(OxmFieldId field) => FullMasks[(byte)field];

    private static UInt128[] ComputeFullMasks()
    {
        var masks = new UInt128[Count];
        for (int i = 0; i < Count; i++)
        {
            int bits = BitWidths[i];
            masks[i] = bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;
        }

        return masks;
    }
}
