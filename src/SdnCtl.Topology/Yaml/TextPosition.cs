using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Yaml;

/// <summary>A 1-based line and column in the topology file.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition Of(YamlNode node) => From(node.Start);

    public static TextPosition From(Mark mark) => new(Clamp(mark.Line), Clamp(mark.Column));

    private static int Clamp(long value) => (int)Math.Clamp(value, 1, int.MaxValue);
}
