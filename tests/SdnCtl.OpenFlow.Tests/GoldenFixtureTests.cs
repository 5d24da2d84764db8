using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests;

/// <summary>Decode each golden wire image → compare fields → encode → identical bytes.</summary>
public sealed class GoldenFixtureTests
{
    public static TheoryData<string> Fixtures() => new(GoldenFixtures.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_GoldenBytes_YieldsExpectedFields(string name)
    {
        var (_, hex, expected) = GoldenFixtures.All.Single(f => f.Name == name);
        var bytes = Hex.Parse(hex);

        var decoded = OfpCodec.Decode(bytes);

        Assert.Equal(expected.GetType(), decoded.GetType());
        Assert.Equal(expected, decoded);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Encode_ExpectedMessage_YieldsGoldenBytes(string name)
    {
        var (_, hex, expected) = GoldenFixtures.All.Single(f => f.Name == name);
        var bytes = Hex.Parse(hex);

        Assert.Equal(Hex.Format(bytes), Hex.Format(expected.ToArray()));
        Assert.Equal(bytes.Length, expected.Length);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DecodeEncode_GoldenBytes_ReproducesBytes(string name)
    {
        var bytes = Hex.Parse(GoldenFixtures.All.Single(f => f.Name == name).Hex);

        Assert.Equal(Hex.Format(bytes), Hex.Format(OfpCodec.Decode(bytes).ToArray()));
    }

    [Fact]
    public void Fixtures_CoverEveryMessageClass()
    {
        var classes = typeof(OfpMessage).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(OfpMessage)) && !t.IsAbstract)
            .Select(t => t.Name)
            .Order();
        Assert.Equal(classes, GoldenFixtures.All.Select(f => f.Message.GetType().Name).Distinct().Order());
    }
}
