using BenchmarkDotNet.Attributes;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Benchmarks.DataPlane;

/// <summary>
/// The simulated switch's share of proactive installation: a FLOW_MOD ADD frame decoded and its
/// entry inserted into a table, per flow (10,000 distinct flows per invocation into a fresh
/// table, in the three match shapes of <c>sdnctl bench flows</c>). Baseline: the allocating
/// decode (a new message object per frame) as before the reused-instance path; both then insert.
/// What remains allocated per flow is the entry and its match (the match's shape, the instruction
/// set and the action arrays are shared between entries) and the table's growth. Compare trees by
/// running this class in each: 871 B per flow before the compact match and shared instructions,
/// 435 B after (DecodeInto + insert); 391 B once the match moved inside its entry and the lists per
/// priority went (and a DELETE_STRICT went from 224 B to 0 B: no target list and no match object per
/// message). 241 B → 341 B after the table's pages went to 8,192 entries, pinned and not zeroed: the bytes
/// counted include the untouched tail of the last page (10,000 flows fill 1.2 pages), which is reserved
/// but never written, so it costs no page fault. The record and slot pages and large bucket arrays then
/// moved to native memory (2 MiB huge pages), which the memory diagnoser does not count: the bytes left
/// are the reference pages, the dense id list and the small first pages. Times from --job short on the
/// shared box are noise; the bytes are exact.
/// </summary>
[MemoryDiagnoser]
public class FlowModInstallBenchmarks
{
    private const int Flows = 10_000;

    private readonly FlowMod _reused = new();
    private byte[][] _frames = [];
    private byte[][] _deletes = [];
    private SwitchPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _frames = new byte[Flows][];
        for (int i = 0; i < Flows; i++)
        {
            _frames[i] = Flow(i).ToArray();
        }

        _deletes = new byte[Flows][];
        for (int i = 0; i < Flows; i++)
        {
            var mod = Flow(i);
            mod.Command = FlowModCommand.DeleteStrict;
            mod.TableId = 0;
            mod.Instructions = [];
            _deletes[i] = mod.ToArray();
        }

        OfpCodec.DecodeInto(_frames[0], _reused);
    }

    [IterationSetup(Targets = [nameof(DecodeNewAndInsert), nameof(DecodeIntoAndInsert), nameof(FromWireAndInsert)])]
    public void FreshTable() => _pipeline = new SwitchPipeline(new PipelineOptions { TableCount = 1, MaxEntriesPerTable = Flows });

    [IterationSetup(Target = nameof(DeleteStrict))]
    public void FullTable()
    {
        FreshTable();
        if (DecodeIntoAndInsert() != 0)
        {
            throw new InvalidOperationException("the table did not take every flow");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Flows, Description = "Decode (new object) + insert")]
    public int DecodeNewAndInsert()
    {
        int errors = 0;
        foreach (var frame in _frames)
        {
            errors += _pipeline.ApplyFlowMod((FlowMod)OfpCodec.Decode(frame)) is null ? 0 : 1;
        }

        return errors;
    }

    [Benchmark(OperationsPerInvoke = Flows, Description = "DecodeInto (reused) + insert")]
    public int DecodeIntoAndInsert()
    {
        int errors = 0;
        foreach (var frame in _frames)
        {
            OfpCodec.DecodeInto(frame, _reused);
            errors += _pipeline.ApplyFlowMod(_reused) is null ? 0 : 1;
        }

        return errors;
    }

    /// <summary>
    /// The switch's path for a plainly well-formed ADD: no decode into objects, the match's key words
    /// built from the OXM bytes and the instruction set found by its bytes (SwitchPipeline.TryAddFlowFromWire).
    /// </summary>
    [Benchmark(OperationsPerInvoke = Flows, Description = "From the wire + insert")]
    public int FromWireAndInsert()
    {
        int errors = 0;
        foreach (var frame in _frames)
        {
            errors += _pipeline.TryAddFlowFromWire(frame, out var error) && error is null ? 0 : 1;
        }

        return errors;
    }

    /// <summary>Bulk removal: a DELETE_STRICT per installed flow (the <c>bench flows --modify-delete</c> phase), decoded into the reused instance.</summary>
    [Benchmark(OperationsPerInvoke = Flows, Description = "DecodeInto (reused) + delete strict")]
    public int DeleteStrict()
    {
        int errors = 0;
        foreach (var frame in _deletes)
        {
            OfpCodec.DecodeInto(frame, _reused);
            errors += _pipeline.ApplyFlowMod(_reused) is null ? 0 : 1;
        }

        return errors + _pipeline.FlowCount;
    }

    /// <summary>Flow <paramref name="i"/>: in_port+eth_dst, eth_type+ipv4_dst/24+ip_proto+tcp_dst, or in_port+eth_type+ipv4_dst with a VLAN push.</summary>
    internal static FlowMod Flow(int i)
    {
        int j = i / 3;
        uint port = (uint)(1 + (j % 4));
        var mod = new FlowMod { Cookie = (ulong)i, Priority = (ushort)(100 + (i % 3)) };
        switch (i % 3)
        {
            case 0:
                mod.Match = [OxmEntry.InPort(port), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)j)];
                mod.Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(port))];
                break;
            case 1:
                mod.Match = [OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0A00_0000u | ((uint)j << 8), 24), OxmEntry.IpProto(6), OxmEntry.TcpDst(80)];
                mod.Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(port))];
                break;
            default:
                mod.Match = [OxmEntry.InPort(port), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0B00_0000u | (uint)j)];
                mod.Instructions = [OfpInstruction.ApplyActions(OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)(1 + (j % 4094))), OfpAction.Output(port))];
                break;
        }

        return mod;
    }
}
