using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Yaml;

/// <summary>Collects the errors of one file so that loading can go on after the first and report them all.</summary>
internal sealed class ErrorCollector
{
    private readonly List<TopologyError> _errors = [];

    public ErrorCollector(string file)
    {
        File = file;
    }

    public string File { get; }

    public int Count => _errors.Count;

    public void Report(TextPosition at, string message) => _errors.Add(new TopologyError(File, at.Line, at.Column, message));

    public void Report(YamlNode node, string message) => Report(TextPosition.Of(node), message);

    /// <summary>The errors in file order; errors found at the same place keep the order they were found in.</summary>
    public TopologyError[] ToSortedArray() => [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
