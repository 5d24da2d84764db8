using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Pipeline;

/// <summary>
/// The tuple-space classifier must agree with the obvious oracle: a linear scan for the
/// highest-priority entry whose match the packet satisfies. Random rule sets (random fields,
/// masks and priorities), random packets from small value domains so that many rules match,
/// and random deletions to exercise subtable bookkeeping. Seeds are fixed: failures reproduce.
/// </summary>
public sealed class ClassifierPropertyTests
{
    [Theory]
    [InlineData(1, 50)]
    [InlineData(2, 300)]
    [InlineData(3, 1000)]
    [InlineData(4, 2000)]
    public void Lookup_RandomRulesAndPackets_EqualsLinearScan(int seed, int ruleCount)
    {
        var rnd = new Random(seed);
        var pipeline = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        for (int i = 0; i < ruleCount; i++)
        {
            Flows.Ok(pipeline.ApplyFlowMod(Flows.Add((ushort)rnd.Next(0, 40), RandomMatch(rnd), Flows.Out((uint)(i + 1)))));
        }

        var table = pipeline.Tables[0];
        CheckAgainstLinearScan(rnd, table, 1000);

        // Delete a random third (strict, by exact match) and check again.
        int before = table.Count;
        var victims = table.Entries.Where(_ => rnd.Next(3) == 0).ToList();
        foreach (var v in victims)
        {
            Flows.Ok(pipeline.ApplyFlowMod(Flows.Delete([.. v.Match.Fields], strict: true, priority: v.Priority, table: 0)));
        }

        Assert.Equal(before - victims.Count, table.Count);
        CheckAgainstLinearScan(rnd, table, 1000);
    }

    private static void CheckAgainstLinearScan(Random rnd, FlowTable table, int packets)
    {
        for (int i = 0; i < packets; i++)
        {
            var frame = RandomFrame(rnd);
            PacketParser.Parse(frame, (uint)rnd.Next(1, 4), out var fields);
            var expected = table.Entries.Where(e => e.Match.Matches(fields)).MaxBy(e => e.Priority);
            var actual = table.Lookup(ref fields);
            if (expected is null)
            {
                Assert.Null(actual);
                continue;
            }

            Assert.NotNull(actual);
            Assert.Equal(expected.Priority, actual.Priority);
            Assert.True(actual.Match.Matches(fields), $"{actual} does not match the packet");
        }
    }

    private static OxmEntry[] RandomMatch(Random rnd)
    {
        var m = new List<OxmEntry>();
        if (rnd.Next(3) == 0)
        {
            m.Add(OxmEntry.InPort((uint)rnd.Next(1, 4)));
        }

        if (rnd.Next(3) == 0)
        {
            m.Add(rnd.Next(2) == 0 ? OxmEntry.EthDst(Mac(rnd)) : OxmEntry.EthDst(Mac(rnd) & 0xffff_ffff_ff00UL, 0xffff_ffff_ff00UL));
        }

        if (rnd.Next(4) == 0)
        {
            m.Add(OxmEntry.EthSrc(Mac(rnd)));
        }

        if (rnd.Next(4) == 0)
        {
            m.Add(rnd.Next(3) switch { 0 => OxmEntry.VlanNone(), 1 => OxmEntry.VlanAnyTagged(), _ => OxmEntry.VlanVid((ushort)rnd.Next(1, 4)) });
        }

        int l3 = rnd.Next(3);
        if (l3 > 0)
        {
            m.Add(OxmEntry.EthType(EtherTypes.Ipv4));
            if (rnd.Next(2) == 0)
            {
                m.Add(OxmEntry.Ipv4Src(Ip(rnd), rnd.Next(4) switch { 0 => 8, 1 => 16, 2 => 24, _ => 32 }));
            }

            if (rnd.Next(2) == 0)
            {
                m.Add(OxmEntry.Ipv4Dst(Ip(rnd), rnd.Next(3) switch { 0 => 16, 1 => 24, _ => 32 }));
            }

            if (l3 == 2)
            {
                bool tcp = rnd.Next(2) == 0;
                m.Add(OxmEntry.IpProto(tcp ? IpProtocols.Tcp : IpProtocols.Udp));
                if (rnd.Next(2) == 0)
                {
                    m.Add(tcp ? OxmEntry.TcpDst(Port(rnd)) : OxmEntry.UdpDst(Port(rnd)));
                }
            }
        }

        return [.. m];
    }

    private static byte[] RandomFrame(Random rnd)
    {
        var l2 = new L2Header(Mac(rnd), Mac(rnd), (ushort)rnd.Next(0, 4));
        return rnd.Next(4) switch
        {
            0 => FrameBuilder.Tcp(l2, Ip(rnd), Ip(rnd), Port(rnd), Port(rnd), TcpFlags.Syn),
            1 => FrameBuilder.Udp(l2, Ip(rnd), Ip(rnd), Port(rnd), Port(rnd)),
            2 => FrameBuilder.ArpRequest(l2.Src, Ip(rnd), Ip(rnd), l2.VlanVid),
            _ => FrameBuilder.IcmpEcho(l2, Ip(rnd), Ip(rnd), false, 1, 1),
        };
    }

    // Small domains so that random packets hit random rules often.
    private static ulong Mac(Random rnd) => 0x0200_0000_0000UL | ((ulong)(uint)rnd.Next(0, 3) << 8) | (uint)rnd.Next(0, 3);

    private static uint Ip(Random rnd) => (10u << 24) | ((uint)rnd.Next(0, 2) << 16) | ((uint)rnd.Next(0, 3) << 8) | (uint)rnd.Next(1, 4);

    private static ushort Port(Random rnd) => (ushort)(80 + rnd.Next(0, 3));
}
