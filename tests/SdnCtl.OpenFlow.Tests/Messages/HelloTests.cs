using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.OpenFlow.Tests.Messages;

public sealed class HelloTests
{
    [Fact]
    public void ForVersions_SetsHeaderToHighestAndBitmapBits()
    {
        var hello = Hello.ForVersions(1, 4);
        Assert.Equal(4, hello.Version);
        Assert.Equal([0x12u], hello.Bitmaps);
        Assert.True(hello.SupportsVersion(1));
        Assert.True(hello.SupportsVersion(4));
        Assert.False(hello.SupportsVersion(3));
        Assert.False(hello.SupportsVersion(40));
    }

    [Fact]
    public void ForVersions_VersionAbove31_UsesSecondBitmapWord()
    {
        var hello = Hello.ForVersions(4, 33);
        Assert.Equal([0x10u, 0x2u], hello.Bitmaps);
        Assert.Equal(hello, OfpCodec.Decode(hello.ToArray()));
    }

    [Fact]
    public void SupportsVersion_NoBitmap_OnlyHeaderVersion()
    {
        var hello = new Hello { Version = 4 };
        Assert.True(hello.SupportsVersion(4));
        Assert.False(hello.SupportsVersion(1));
    }

    [Fact]
    public void Negotiate_BothBitmaps_PicksHighestCommonVersion() =>
        Assert.Equal((byte)4, Hello.Negotiate(Hello.ForVersions(1, 3, 4), Hello.ForVersions(1, 4, 5)));

    [Fact]
    public void Negotiate_BitmapsCommonOnlyInLowVersion_PicksIt() =>
        Assert.Equal((byte)1, Hello.Negotiate(Hello.ForVersions(1, 4), Hello.ForVersions(1, 2)));

    [Fact]
    public void Negotiate_RemoteWithoutBitmap_PicksSmallerHeaderVersion()
    {
        Assert.Equal((byte)4, Hello.Negotiate(Hello.ForVersions(4), new Hello { Version = 6 }));
        Assert.Equal((byte)4, Hello.Negotiate(new Hello { Version = 4 }, new Hello { Version = 4 }));
    }

    [Fact]
    public void Negotiate_SmallerVersionUnsupportedLocally_ReturnsNull()
    {
        Assert.Null(Hello.Negotiate(Hello.ForVersions(4), new Hello { Version = 1 }));
        Assert.Null(Hello.Negotiate(Hello.ForVersions(4), Hello.ForVersions(1, 2)));
    }

    [Fact]
    public void Decode_UnknownElementBeforeBitmap_IsSkipped()
    {
        var frame = TestSupport.Frames.Build(OfpType.Hello, "0002 0006 aabb 0000 0001 0008 00000010");
        var hello = Assert.IsType<Hello>(OfpCodec.Decode(frame));
        Assert.Equal([0x10u], hello.Bitmaps);
    }

    [Fact]
    public void Decode_LastElementWithoutPadding_IsAccepted()
    {
        var frame = TestSupport.Frames.Build(OfpType.Hello, "0001 000c 00000010 00000000");
        var hello = Assert.IsType<Hello>(OfpCodec.Decode(frame));
        Assert.Equal([0x10u, 0u], hello.Bitmaps);
    }

    [Fact]
    public void Decode_OldVersionWithBody_IgnoresBody()
    {
        var frame = TestSupport.Frames.Build(OfpType.Hello, "deadbeef", version: 1);
        var hello = Assert.IsType<Hello>(OfpCodec.Decode(frame));
        Assert.Equal(1, hello.Version);
        Assert.Empty(hello.Bitmaps);
    }
}
