using BenchmarkDotNet.Attributes;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Benchmarks.DataPlane;

/// <summary>
/// The flow table's own share of proactive installation, without the FLOW_MOD decode: a switch's share
/// of <c>sdnctl bench flows</c> (62,500 distinct flows in the three match shapes of
/// <see cref="FlowModInstallBenchmarks.Flow"/>) inserted into a fresh table per invocation, as
/// <c>AddFlow</c> does it: the strict lookup for an identical entry, then the insert. Fresh tables make
/// each invocation pay for its pages as a switch does (page faults, growth of the first pages, rehashes).
/// Baseline: the same number of inserts into a pre-sized <see cref="Dictionary{TKey, TValue}"/> keyed by
/// the match, the floor of any hash table insert. Compare trees (e.g. before and after the native,
/// huge-page storage) by running this class in each with the same job, one after the other.
/// </summary>
[MemoryDiagnoser]
public class FlowTableInsertBenchmarks
{
    private const int Flows = 62_500;

    private FlowMatch[] _matches = [];
    private ushort[] _priorities = [];
    private EntryInstructions[] _instructions = [];
    private FlowTable _table = null!;
    private Dictionary<FlowMatch, int> _dictionary = [];

    [GlobalSetup]
    public void Setup()
    {
        _matches = new FlowMatch[Flows];
        _priorities = new ushort[Flows];
        _instructions = new EntryInstructions[Flows];
        for (int i = 0; i < Flows; i++)
        {
            var mod = FlowModInstallBenchmarks.Flow(i);
            _matches[i] = new FlowMatch(mod.Match.ToArray());
            _priorities[i] = mod.Priority;
            _instructions[i] = EntryInstructions.From(mod.Instructions);
        }
    }

    [IterationSetup(Target = nameof(FindExactAndAdd))]
    public void FreshTable() => _table = new SwitchPipeline(new PipelineOptions { TableCount = 1, MaxEntriesPerTable = Flows }).Tables[0];

    [IterationSetup(Target = nameof(DictionaryAdd))]
    public void FreshDictionary() => _dictionary = new Dictionary<FlowMatch, int>(Flows);

    [Benchmark(Baseline = true, OperationsPerInvoke = Flows, Description = "Dictionary<FlowMatch,int>.TryAdd (pre-sized)")]
    public int DictionaryAdd()
    {
        int added = 0;
        for (int i = 0; i < Flows; i++)
        {
            added += _dictionary.TryAdd(_matches[i], i) ? 1 : 0;
        }

        return added;
    }

    [Benchmark(OperationsPerInvoke = Flows, Description = "FlowTable FindExactId + Add (fresh table)")]
    public int FindExactAndAdd()
    {
        var table = _table;
        for (int i = 0; i < Flows; i++)
        {
            if (table.FindExactId(_matches[i], _priorities[i]) >= 0)
            {
                throw new InvalidOperationException("flows are distinct");
            }

            table.Add(_matches[i], _priorities[i], _instructions[i], 0, (ulong)i, 0, 0, FlowModFlags.None);
        }

        return table.Count;
    }
}
