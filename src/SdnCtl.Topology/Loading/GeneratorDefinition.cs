using System.Collections.Immutable;
using SdnCtl.Topology.Generation;

namespace SdnCtl.Topology.Loading;

/// <summary>How one generator appears in YAML: its key, its required integer parameters, and how to check and run it.</summary>
/// <param name="Name">The key under <c>generate:</c>.</param>
/// <param name="Parameters">The required parameters in the order <paramref name="Check"/> and <paramref name="Generate"/> take them.</param>
/// <param name="Example">A valid parameter mapping, for messages.</param>
/// <param name="Check">Parameter rules; called with the parameters and the extra-ports value.</param>
/// <param name="Generate">Builds the network once <paramref name="Check"/> passed.</param>
internal sealed record GeneratorDefinition(
    string Name,
    ImmutableArray<string> Parameters,
    string Example,
    Func<int[], int, GeneratorProblem?> Check,
    Func<int[], int, TopologyDocument> Generate)
{
    /// <summary>Spare ports appended to every generated switch, for hosts, links or appliances added by hand.</summary>
    public const string ExtraPortsKey = "extra-ports";

    public static ImmutableArray<GeneratorDefinition> All { get; } =
    [
        new("linear", ["n"], "{ n: 3 }", (p, x) => GeneratorChecks.Linear(p[0], x), (p, x) => LinearGenerator.Generate(p[0], x)),
        new("tree", ["depth", "fanout"], "{ depth: 2, fanout: 3 }", (p, x) => GeneratorChecks.Tree(p[0], p[1], x), (p, x) => TreeGenerator.Generate(p[0], p[1], x)),
        new("fat-tree", ["k"], "{ k: 4 }", (p, x) => GeneratorChecks.FatTree(p[0], x), (p, x) => FatTreeGenerator.Generate(p[0], x)),
        new("leaf-spine", ["spines", "leaves", "hosts-per-leaf"], "{ spines: 2, leaves: 4, hosts-per-leaf: 2 }", (p, x) => GeneratorChecks.LeafSpine(p[0], p[1], p[2], x), (p, x) => LeafSpineGenerator.Generate(p[0], p[1], p[2], x)),
    ];

    /// <summary>Every key the generator's mapping accepts: its parameters and <see cref="ExtraPortsKey"/>.</summary>
    public ImmutableArray<string> AllKeys { get; } = [.. Parameters, ExtraPortsKey];
}
