using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary><c>name:</c> — the topology's name, shown by the CLI and the REST API.</summary>
internal sealed class NameSection : ITopologySection
{
    public const int MaxLength = 128;

    public string Key => "name";

    public bool IsRequired => true;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (!YamlScalars.TryGetText(value, "'name'", "the topology's name", errors, out string? name))
        {
            return;
        }

        if (name.Length is 0 or > MaxLength || name.Any(char.IsControl))
        {
            errors.Report(value, $"'name' must be 1–{MaxLength} characters on one line, but is '{YamlScalars.Shorten(name)}'");
            return;
        }

        draft.Name = name;
    }
}
