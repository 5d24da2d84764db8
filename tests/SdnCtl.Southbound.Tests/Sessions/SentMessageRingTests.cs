using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Sessions;

namespace SdnCtl.Southbound.Tests.Sessions;

public sealed class SentMessageRingTests
{
    [Fact]
    public void Find_RememberedFlowMod_ReturnsTheSameInstance()
    {
        var ring = new SentMessageRing(4);
        var flowMod = new FlowMod { Xid = 10 };

        ring.Remember(flowMod);

        Assert.Same(flowMod, ring.Find(10));
        Assert.Null(ring.Find(11));
    }

    [Fact]
    public void Remember_BeyondCapacity_EvictsTheOldest()
    {
        var ring = new SentMessageRing(3);
        for (uint xid = 1; xid <= 5; xid++)
        {
            ring.Remember(new FlowMod { Xid = xid });
        }

        Assert.Null(ring.Find(1));
        Assert.Null(ring.Find(2));
        Assert.Equal(5u, ring.Find(5)!.Xid);
        Assert.Equal(3u, ring.Find(3)!.Xid);
    }

    [Fact]
    public void Remember_MessageWithAReply_IsNotKept()
    {
        var ring = new SentMessageRing(3);

        ring.Remember(new BarrierRequest { Xid = 1 });
        ring.Remember(new EchoRequest { Xid = 2 });

        Assert.Null(ring.Find(1));
        Assert.Null(ring.Find(2));
    }

    [Fact]
    public void Remember_ZeroCapacity_KeepsNothing()
    {
        var ring = new SentMessageRing(0);

        ring.Remember(new FlowMod { Xid = 1 });

        Assert.Null(ring.Find(1));
    }
}
