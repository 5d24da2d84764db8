using System.Collections.Immutable;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>generate:</c> — one generator and its parameters, for example <c>fat-tree: { k: 4 }</c>.
/// The generated switches, links and hosts come first in the document; switches, links and
/// hosts written in the file are added to them and checked against them (names, datapath ids,
/// MACs, addresses and ports must not collide). <c>extra-ports: n</c> gives every generated
/// switch n spare ports to attach such additions to.
/// </summary>
internal sealed class GenerateSection : ITopologySection
{
    public static ImmutableArray<string> GeneratorNames { get; } = [.. GeneratorDefinition.All.Select(g => g.Name)];

    public string Key => "generate";

    public bool IsRequired => false;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (value is not YamlMappingNode { Children.Count: > 0 } map)
        {
            errors.Report(value, $"'generate' must name one generator with its parameters, like 'fat-tree: {{ k: 4 }}' (generators: {string.Join(", ", GeneratorNames)}), but found {YamlScalars.Describe(value)}");
            return;
        }

        var reader = new MappingReader(map, "'generate'", GeneratorNames, errors) { KeyNoun = "generator" };
        reader.ReportUnknownKeys();
        string? chosen = null;
        foreach ((YamlNode keyNode, YamlNode parameters) in map.Children)
        {
            GeneratorDefinition? definition = GeneratorDefinition.All.FirstOrDefault(g => keyNode is YamlScalarNode key && key.Value == g.Name);
            if (definition is null)
            {
                continue;
            }

            if (chosen is not null)
            {
                errors.Report(keyNode, $"'generate' takes one generator, but '{definition.Name}' follows '{chosen}'; add further parts as switches, links and hosts");
                continue;
            }

            chosen = definition.Name;
            ReadGenerator(definition, keyNode, parameters, draft, errors);
        }
    }

    private static void ReadGenerator(GeneratorDefinition definition, YamlNode keyNode, YamlNode parameters, TopologyDraft draft, ErrorCollector errors)
    {
        if (parameters is not YamlMappingNode map)
        {
            errors.Report(parameters, $"the parameters of '{definition.Name}' must be a mapping like {definition.Example}, but found {YamlScalars.Describe(parameters)}");
            return;
        }

        var reader = new MappingReader(map, $"'{definition.Name}'", definition.AllKeys, errors);
        reader.ReportUnknownKeys();
        var nodes = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var values = new int[definition.Parameters.Length];
        bool valid = true;
        for (int i = 0; i < values.Length; i++)
        {
            string parameter = definition.Parameters[i];
            if (reader.Required(parameter) is { } node)
            {
                nodes[parameter] = node;
                valid &= YamlScalars.TryGetInteger(node, $"{definition.Name} {parameter}", errors, out values[i]);
            }
            else
            {
                valid = false;
            }
        }

        int extraPorts = 0;
        if (reader.Optional(GeneratorDefinition.ExtraPortsKey) is { } extraNode)
        {
            nodes[GeneratorDefinition.ExtraPortsKey] = extraNode;
            valid &= YamlScalars.TryGetInteger(extraNode, GeneratorDefinition.ExtraPortsKey, errors, out extraPorts);
        }

        if (!valid)
        {
            return;
        }

        if (definition.Check(values, extraPorts) is { } problem)
        {
            YamlNode at = problem.Parameter is not null && nodes.TryGetValue(problem.Parameter, out YamlNode? node) ? node : map;
            errors.Report(at, problem.Message);
            return;
        }

        draft.Generated = new GeneratedPart(definition.Name, TextPosition.Of(keyNode), definition.Generate(values, extraPorts));
    }
}
