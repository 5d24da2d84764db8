using System.Runtime.InteropServices;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// FlowMatch shares one shape (presence bits and mask array) among matches of the same shape (the
/// thread remembers the last few it built) instead of allocating one per flow; sharing must never
/// mix shapes up.
/// </summary>
public sealed class FlowMatchMaskSharingTests
{
    [Fact]
    public void Constructor_SameShapeTwice_SharesTheMaskArray()
    {
        var a = new FlowMatch([OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0001)]);
        var b = new FlowMatch([OxmEntry.InPort(2), OxmEntry.EthDst(0x0200_0000_0002)]);

        Assert.True(SameArray(a.Mask, b.Mask));
        Assert.False(a.Value.SequenceEqual(b.Value));
    }

    [Fact]
    public void Constructor_ManyShapesInterleaved_EachKeepsItsOwnMask()
    {
        // More distinct shapes than the per-thread memory holds, built round-robin, each compared
        // with a match of the same shape built alone before (reference masks).
        var shapes = Enumerable.Range(8, 20).Select(prefix => (Func<uint, FlowMatch>)(v =>
            new FlowMatch([OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(v, prefix)]))).ToArray();
        var reference = shapes.Select(s => s(0x0A00_0000).Mask.ToArray()).ToArray();

        for (int round = 0; round < 3; round++)
        {
            for (int s = 0; s < shapes.Length; s++)
            {
                var m = shapes[s]((uint)(0x0A00_0000 + round));
                Assert.Equal(reference[s], m.Mask.ToArray());
            }
        }

        Assert.False(shapes[0](1).SameShape(shapes[1](1)));
        Assert.True(shapes[3](1).SameShape(shapes[3](2)));
    }

    [Fact]
    public void Constructor_SameShapeOnAnotherThread_MaskEqualAndMatchesAlike()
    {
        var here = new FlowMatch([OxmEntry.InPort(1), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0B00_0001)]);
        FlowMatch? there = null;
        var thread = new Thread(() => there = new FlowMatch([OxmEntry.InPort(1), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0B00_0001)]));
        thread.Start();
        thread.Join();

        Assert.NotNull(there);
        Assert.Equal(here, there);
        Assert.Equal(here.GetHashCode(), there.GetHashCode());
    }

    private static bool SameArray(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) =>
        a.Length == b.Length && System.Runtime.CompilerServices.Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));
}
