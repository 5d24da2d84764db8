using System.Runtime.InteropServices;
using CsCheck;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests.Oxm;

public sealed class OxmPropertyTests
{
    public static TheoryData<OxmFieldId> Fields() => new(Enum.GetValues<OxmFieldId>());

    [Theory]
    [MemberData(nameof(Fields))]
    public void WriteRead_RandomEntryOfField_RoundTrips(OxmFieldId field)
    {
        OfpGen.OxmFor(field).Sample(
            entry =>
            {
                var buffer = new byte[entry.WireLength];
                Assert.Equal(entry.WireLength, OxmCodec.Write(buffer, entry));
                Assert.Equal(buffer.Length, OxmCodec.Read(buffer, out var read));
                Assert.Equal(entry, read);
            },
            iter: 200);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void WriteRead_MaskedEntryOfMaskableField_KeepsMask(OxmFieldId field)
    {
        if (!OxmFields.IsMaskable(field))
        {
            return;
        }

        Gen.UInt128.Sample(
            mask =>
            {
                mask &= OxmFields.FullMask(field);
                var entry = new OxmEntry(field, mask, mask, true);
                var buffer = new byte[entry.WireLength];
                OxmCodec.Write(buffer, entry);
                Assert.Equal(1, buffer[2] & 1);
                OxmCodec.Read(buffer, out var read);
                Assert.True(read.HasMask);
                Assert.Equal(mask, read.Mask);
            },
            iter: 100);
    }

    [Fact]
    public void WriteMatchReadMatch_RandomMatch_RoundTripsWithPadding()
    {
        OfpGen.Match.Sample(
            match =>
            {
                var span = CollectionsMarshal.AsSpan(match);
                var buffer = new byte[OxmCodec.MatchLength(span)];
                int written = OxmCodec.WriteMatch(buffer, span);
                Assert.Equal(0, written % 8);
                var read = new List<OxmEntry>();
                Assert.Equal(written, OxmCodec.ReadMatch(buffer, read));
                Assert.Equal(match, read);
            },
            iter: 500);
    }
}
