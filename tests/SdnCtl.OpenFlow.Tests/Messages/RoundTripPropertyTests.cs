using CsCheck;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests.Messages;

/// <summary>Random valid message of every type → encode → decode → equal, and re-encode → same bytes.</summary>
public sealed class RoundTripPropertyTests
{
    private const int SamplesPerType = 300;

    public static TheoryData<string> MessageTypes() => new(OfpGen.Messages.Keys.Order());

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void EncodeDecode_RandomMessage_RoundTripsToEqualMessageAndBytes(string messageType)
    {
        OfpGen.Messages[messageType].Sample(
            message =>
            {
                byte[] wire = message.ToArray();
                Assert.Equal(message.Length, wire.Length);
                var decoded = OfpCodec.Decode(wire);
                Assert.IsType(message.GetType(), decoded);
                Assert.Equal(message, decoded);
                Assert.Equal(wire, decoded.ToArray());
            },
            iter: SamplesPerType,
            print: m => $"{m} = {Hex.Format(m.ToArray())}");
    }

    [Fact]
    public void Generators_CoverEveryMessageAndMultipartType()
    {
        var classes = typeof(OfpMessage).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(OfpMessage)) && !t.IsAbstract)
            .Select(t => t.Name)
            .Order();
        Assert.Equal(classes, OfpGen.Messages.Keys.Order());
    }

    [Fact]
    public void Generators_CoverEveryOfpTypeAndMultipartType()
    {
        var samples = OfpGen.Messages.Values.Select(g => g.Single()).ToList();
        Assert.Equal(Enum.GetValues<OfpType>().Order(), samples.Select(m => m.Type).Distinct().Order());
        Assert.Equal(
            Enum.GetValues<MultipartType>().Order(),
            samples.OfType<MultipartRequest>().Select(m => m.MultipartType).Distinct().Order());
        Assert.Equal(
            Enum.GetValues<MultipartType>().Order(),
            samples.OfType<MultipartReply>().Select(m => m.MultipartType).Distinct().Order());
    }
}
