using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Tests;

/// <summary>The hot paths allocate nothing once warmed up (measured per thread, so parallel tests do not interfere).</summary>
public sealed class AllocationTests
{
    private const int WarmUp = 200;
    private const int Iterations = 1_000;

    private static FlowMod SampleFlowMod() => new()
    {
        Xid = 1,
        Cookie = 0xabc,
        Priority = 100,
        Flags = FlowModFlags.SendFlowRem,
        Match = [OxmEntry.InPort(1), OxmEntry.EthDst(0x0000_0000_0002)],
        Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))],
    };

    private static long AllocatedBytes(Action body)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            body();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Iterations; i++)
        {
            body();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void WriteTo_FlowMod_AllocatesNothing()
    {
        var flowMod = SampleFlowMod();
        var buffer = new byte[flowMod.Length];
        Assert.Equal(0, AllocatedBytes(() => flowMod.WriteTo(buffer)));
    }

    [Fact]
    public void DecodeInto_ReusedFlowMod_AllocatesNothing()
    {
        var frame = SampleFlowMod().ToArray();
        var target = new FlowMod();
        Assert.Equal(0, AllocatedBytes(() => OfpCodec.DecodeInto(frame, target)));
        Assert.Equal(SampleFlowMod(), target);
    }

    [Fact]
    public void EncodeThenDecodeInto_FlowMod_AllocatesNothing()
    {
        var flowMod = SampleFlowMod();
        var buffer = new byte[flowMod.Length];
        var target = new FlowMod();
        Assert.Equal(0, AllocatedBytes(() =>
        {
            int n = flowMod.WriteTo(buffer);
            OfpCodec.DecodeInto(buffer.AsSpan(0, n), target);
        }));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Decode_FreshPacketIn_SizesTheMatchListToItsFields(int fields)
    {
        // A fresh list's first growth holds four 64-byte entries; a packet-in's match usually has one.
        OxmEntry[] all = [OxmEntry.InPort(3), OxmEntry.EthDst(0x0000_0000_0002), OxmEntry.TunnelId(7)];
        var packetIn = new PacketIn { Xid = 2, Reason = PacketInReason.NoMatch, Match = [.. all.AsSpan(0, fields)], Data = new byte[64], TotalLength = 64 };

        var decoded = Assert.IsType<PacketIn>(OfpCodec.Decode(packetIn.ToArray()));

        Assert.Equal(fields, decoded.Match.Capacity);
        Assert.Equal(packetIn, decoded);
    }

    [Fact]
    public void DecodeInto_ReusedPacketIn_AllocatesNothing()
    {
        var packetIn = new PacketIn { Xid = 2, Reason = PacketInReason.NoMatch, Match = [OxmEntry.InPort(3)], Data = new byte[64], TotalLength = 64 };
        var frame = packetIn.ToArray();
        var target = new PacketIn();
        Assert.Equal(0, AllocatedBytes(() => OfpCodec.DecodeInto(frame, target)));
        Assert.Equal(packetIn, target);
    }

    [Fact]
    public void WriteTo_PacketIn_AllocatesNothing()
    {
        var packetIn = new PacketIn { Match = [OxmEntry.InPort(3)], Data = new byte[64] };
        var buffer = new byte[packetIn.Length];
        Assert.Equal(0, AllocatedBytes(() => packetIn.WriteTo(buffer)));
    }
}
