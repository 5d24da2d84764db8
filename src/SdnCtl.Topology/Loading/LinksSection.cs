using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Topology.Values;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Loading;

/// <summary>
/// <c>links:</c> — switch-to-switch links, each <c>{a, b, bandwidth, latency}</c> or the short
/// form <c>[a, b]</c>, where the ends are <c>switch:port</c>.
/// </summary>
internal sealed class LinksSection : ITopologySection
{
    public static ImmutableArray<string> ItemKeys { get; } = ["a", "b", "bandwidth", "latency"];

    public string Key => "links";

    public bool IsRequired => false;

    public void Read(YamlNode value, TopologyDraft draft, ErrorCollector errors)
    {
        if (YamlScalars.IsNull(value))
        {
            return;
        }

        if (value is not YamlSequenceNode list)
        {
            errors.Report(value, $"'links' must be a list of links, but found {YamlScalars.Describe(value)}");
            return;
        }

        foreach (YamlNode item in list)
        {
            if (draft.Links.Count >= TopologyLimits.MaxLinks)
            {
                errors.Report(item, string.Create(CultureInfo.InvariantCulture, $"too many links: a topology may hold at most {TopologyLimits.MaxLinks:N0}"));
                return;
            }

            if (ReadLink(item, errors) is { } link)
            {
                draft.Links.Add(link);
            }
        }
    }

    /// <summary>Reads a <c>switch:port</c> value; null when missing or malformed (reported).</summary>
    internal static PortRef? ReadPortRef(YamlNode? node, string what, ErrorCollector errors)
    {
        if (node is null || !YamlScalars.TryGetText(node, what, "'switch:port', like 's1:2'", errors, out string? text))
        {
            return null;
        }

        if (!PortRef.TryParse(text, out PortRef port, out string? problem))
        {
            errors.Report(node, problem);
            return null;
        }

        return port;
    }

    private static LinkDeclaration? ReadLink(YamlNode item, ErrorCollector errors)
    {
        YamlNode? aNode;
        YamlNode? bNode;
        YamlNode? bandwidthNode = null;
        YamlNode? latencyNode = null;
        switch (item)
        {
            case YamlMappingNode map:
                var reader = new MappingReader(map, "link", ItemKeys, errors);
                reader.ReportUnknownKeys();
                aNode = reader.Required("a");
                bNode = reader.Required("b");
                bandwidthNode = reader.Optional("bandwidth");
                latencyNode = reader.Optional("latency");
                break;
            case YamlSequenceNode { Children.Count: 2 } pair:
                aNode = pair.Children[0];
                bNode = pair.Children[1];
                break;
            case YamlSequenceNode other:
                errors.Report(other, string.Create(CultureInfo.InvariantCulture, $"a link in short form must list its two ends, [a, b], but this list has {other.Children.Count} items"));
                return null;
            default:
                errors.Report(item, $"a link must be a mapping with keys a, b, bandwidth and latency, or a list [a, b], but found {YamlScalars.Describe(item)}");
                return null;
        }

        PortRef? a = ReadPortRef(aNode, "link end 'a'", errors);
        PortRef? b = ReadPortRef(bNode, "link end 'b'", errors);
        double bandwidth = LinkSpec.DefaultBandwidthMbps;
        if (bandwidthNode is not null && YamlScalars.TryGetText(bandwidthNode, "'bandwidth'", "a number of Mbps or a string like 10Gbps", errors, out string? bandwidthText))
        {
            if (!Quantities.TryParseBandwidthMbps(bandwidthText, out bandwidth, out string? problem))
            {
                errors.Report(bandwidthNode, problem);
            }
        }

        double latency = LinkSpec.DefaultLatencyMs;
        if (latencyNode is not null && YamlScalars.TryGetText(latencyNode, "'latency'", "a number of milliseconds or a string like 500us", errors, out string? latencyText))
        {
            if (!Quantities.TryParseLatencyMs(latencyText, out latency, out string? problem))
            {
                errors.Report(latencyNode, problem);
            }
        }

        TextPosition position = TextPosition.Of(item);
        return new LinkDeclaration
        {
            A = a,
            APosition = aNode is null ? position : TextPosition.Of(aNode),
            B = b,
            BPosition = bNode is null ? position : TextPosition.Of(bNode),
            BandwidthMbps = bandwidth,
            LatencyMs = latency,
            Position = position,
            Origin = string.Create(CultureInfo.InvariantCulture, $"at line {position.Line}"),
        };
    }
}
