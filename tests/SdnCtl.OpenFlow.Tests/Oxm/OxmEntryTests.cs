using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Tests.Oxm;

public sealed class OxmEntryTests
{
    [Fact]
    public void VlanVid_ValidVid_SetsPresentBit() =>
        Assert.Equal((UInt128)0x1064, OxmEntry.VlanVid(100).Value);

    [Fact]
    public void VlanVid_VidWiderThan12Bits_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OxmEntry.VlanVid(4096));

    [Fact]
    public void Ipv4Src_PrefixLength_MasksValue()
    {
        var e = OxmEntry.Ipv4Src(OxmEntry.ParseIpv4("10.1.2.3"), 16);
        Assert.True(e.HasMask);
        Assert.Equal((UInt128)0x0a010000, e.Value);
        Assert.Equal((UInt128)0xffff0000, e.Mask);
    }

    [Fact]
    public void FullMask_EveryField_HasBitWidthOnes()
    {
        foreach (var field in Enum.GetValues<OxmFieldId>())
        {
            int bits = OxmFields.BitWidth(field);
            Assert.Equal(bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1, OxmFields.FullMask(field));
        }
    }
}
