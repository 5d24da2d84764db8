using BenchmarkDotNet.Attributes;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Benchmarks.DataPlane;

/// <summary>
/// Flow-table lookup of the simulated switch (tuple-space classifier) at 1k and 100k entries with
/// a realistic mix: half L2 forwarding entries (exact in_port + eth_dst), half L3/L4 policy
/// entries (ipv4_dst /24 + ip_proto tcp + tcp_dst) at a higher priority, plus a table-miss entry.
/// The baseline is a plain dictionary lookup of the L2 key — the floor for any hash classifier.
/// </summary>
[MemoryDiagnoser]
public class FlowTableBenchmarks
{
    private const int PacketCount = 4096; // power of two: the index wraps with a mask

    private readonly PacketFields[] _packets = new PacketFields[PacketCount];
    private readonly byte[][] _frames = new byte[PacketCount][];
    private readonly Dictionary<(ulong Mac, uint Port), FlowEntry> _baseline = [];
    private FlowTable _table = null!;
    private PacketBuffer _buffer = null!;
    private int _next;

    /// <summary>Entries in the table.</summary>
    [Params(1_000, 100_000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pipeline = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        var rnd = new Random(42);
        int l2 = Rules / 2;
        int l3 = Rules - l2 - 1;
        var output = OfpInstruction.ApplyActions(OfpAction.Output(2));
        for (int i = 0; i < l2; i++)
        {
            Add(pipeline, 100, [OxmEntry.InPort(Port(i)), OxmEntry.EthDst(Mac(i))], output);
        }

        for (int i = 0; i < l3; i++)
        {
            Add(pipeline, 200, [OxmEntry.EthType(EtherTypes.Ipv4), OxmEntry.IpProto(IpProtocols.Tcp), OxmEntry.Ipv4Dst(Subnet(i), 24), OxmEntry.TcpDst(TcpPort(i))], output);
        }

        Add(pipeline, 0, [], OfpInstruction.ApplyActions(OfpAction.ToController()));
        _table = pipeline.Tables[0];
        foreach (var e in _table.Entries.Where(e => e.Priority == 100))
        {
            var f = e.Match.Fields;
            _baseline[((ulong)f.Single(x => x.Field == OxmFieldId.EthDst).Value, (uint)f.Single(x => x.Field == OxmFieldId.InPort).Value)] = e;
        }

        // A third of the packets hit L3 entries, a third L2 entries, a third miss to the table-miss entry.
        for (int n = 0; n < PacketCount; n++)
        {
            int i = rnd.Next(Math.Max(1, l3));
            int j = rnd.Next(l2);
            byte[] frame = (n % 3) switch
            {
                0 => FrameBuilder.Tcp(new L2Header(0x02aa00000001, 0x02bb00000001), 0x0a000001, Subnet(i) | (uint)rnd.Next(1, 255), 40000, TcpPort(i), TcpFlags.Syn),
                1 => FrameBuilder.Udp(new L2Header(0x02aa00000001, Mac(j)), 0x0a000001, 0x0b000001, 1000, 2000),
                _ => FrameBuilder.Udp(new L2Header(0x02aa00000001, 0x02ccffffffff), 0x0a000001, 0x0b000001, 1000, 2000),
            };
            _frames[n] = frame;
            PacketParser.Parse(frame, n % 3 == 1 ? Port(j) : 1, out _packets[n]);
        }

        _buffer = new PacketBuffer();
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Dispose();

    /// <summary>Dictionary lookup of (eth_dst, in_port): the cost floor of one hash probe.</summary>
    [Benchmark(Baseline = true)]
    public FlowEntry? DictionaryLookup()
    {
        ref readonly var p = ref _packets[_next++ & (PacketCount - 1)];
        _baseline.TryGetValue((p.EthDst, p.InPort), out var e);
        return e;
    }

    /// <summary>Classifier lookup of a pre-parsed packet.</summary>
    [Benchmark]
    public FlowEntry? Lookup() => _table.Lookup(ref _packets[_next++ & (PacketCount - 1)]);

    /// <summary>Parse the frame, then look it up (what the switch does per packet and table).</summary>
    [Benchmark]
    public FlowEntry? ParseAndLookup()
    {
        int n = _next++ & (PacketCount - 1);
        PacketParser.Parse(_frames[n], _packets[n].InPort, out var fields);
        return _table.Lookup(ref fields);
    }

    private static void Add(SwitchPipeline pipeline, ushort priority, OxmEntry[] match, OfpInstruction instruction)
    {
        var error = pipeline.ApplyFlowMod(new FlowMod { Command = FlowModCommand.Add, Priority = priority, Match = [.. match], Instructions = [instruction] });
        if (error is not null)
        {
            throw new InvalidOperationException(error.Value.ToString());
        }
    }

    private static uint Port(int i) => (uint)(1 + (i % 48));

    private static ulong Mac(int i) => 0x0200_0000_0000UL | (uint)i;

    private static uint Subnet(int i) => 0x1400_0000u | ((uint)i << 8); // 20.x.y.0/24

    private static ushort TcpPort(int i) => (ushort)(1 + (i % 1000));
}
