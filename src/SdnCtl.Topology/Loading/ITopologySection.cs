using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// One top-level key of a topology file. A section checks the shape of its own value and
/// records what it declares in the draft; checks across sections belong to <see cref="TopologyAssembler"/>.
/// </summary>
/// <remarks>A new section (tenants, appliances) is a new implementation listed in <see cref="TopologySections.All"/>.</remarks>
internal interface ITopologySection
{
    /// <summary>The top-level key, as written in the file.</summary>
    string Key { get; }

    bool IsRequired { get; }

    void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors);
}
