using System.Security;
using SdnCtl.Topology.Loading;
using SdnCtl.Topology.Yaml;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology;

/// <summary>
/// Loads topology YAML files: reads every section, validates everything, expands generators and
/// defaults, and reports every problem with the file, line and column it concerns.
/// </summary>
/// <remarks>
/// <para>A file is a mapping with these keys (see <c>topologies/schema.json</c>):</para>
/// <code>
/// name: linear-3                      # required
/// generate:                           # optional: one generator, expanded first
///   fat-tree: { k: 4 }                #   or linear: {n}, tree: {depth, fanout},
///                                     #   leaf-spine: {spines, leaves, hosts-per-leaf}; each also takes extra-ports
/// switches:
///   - name: s1
///     dpid: 1                         # optional; integer, 0x hex or 00:00:00:00:00:00:00:01
///     ports: 3                        # count, [1, 2, 5], or [{number: 1, name: uplink}]
/// links:
///   - { a: s1:2, b: s2:1, bandwidth: 10Gbps, latency: 500us }   # bandwidth default Mbps, latency default ms
///   - [s2:2, s3:1]                                               # short form, default 1000 Mbps / 0.1 ms
/// hosts:
///   - { name: h1, mac: 00:00:00:00:00:01, ip: 10.0.0.1/24, at: s1:1 }   # mac optional, prefix default /8
/// </code>
/// <para>Bad input never escapes as anything but <see cref="TopologyException"/> (or a failed <see cref="TopologyLoadResult"/>).</para>
/// </remarks>
public static class TopologyLoader
{
    /// <summary>Loads and validates a topology file.</summary>
    /// <param name="path">The file to read; it also names the file in errors, as given.</param>
    /// <returns>The fully expanded topology.</returns>
    /// <exception cref="TopologyException">The file cannot be read or has errors; <see cref="TopologyException.Errors"/> lists them all.</exception>
    public static TopologyDocument Load(string path) => TryLoad(path).GetDocumentOrThrow();

    /// <summary>Loads and validates a topology file without throwing for bad input.</summary>
    /// <param name="path">The file to read; it also names the file in errors, as given.</param>
    /// <returns>The document, or every error found (an unreadable file is one error at line 0).</returns>
    public static TopologyLoadResult TryLoad(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath;
        string text;
        try
        {
            fullPath = Path.GetFullPath(path);
            text = File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            return TopologyLoadResult.Failure([new TopologyError(path, 0, 0, $"cannot read the topology file: {ex.Message}")]);
        }

        return Read(text, path, fullPath);
    }

    /// <summary>Parses and validates topology YAML held in memory.</summary>
    /// <param name="yamlText">The YAML text.</param>
    /// <param name="fileName">The name to give in errors (for example the name of an uploaded file).</param>
    /// <returns>The fully expanded topology; its <see cref="TopologyDocument.SourcePath"/> is <see langword="null"/>.</returns>
    /// <exception cref="TopologyException">The text has errors; <see cref="TopologyException.Errors"/> lists them all.</exception>
    public static TopologyDocument Parse(string yamlText, string fileName) => TryParse(yamlText, fileName).GetDocumentOrThrow();

    /// <summary>Parses and validates topology YAML held in memory without throwing for bad input.</summary>
    /// <param name="yamlText">The YAML text.</param>
    /// <param name="fileName">The name to give in errors.</param>
    /// <returns>The document, or every error found.</returns>
    public static TopologyLoadResult TryParse(string yamlText, string fileName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(fileName);
        return Read(yamlText, fileName, null);
    }

    private static TopologyLoadResult Read(string text, string fileName, string? sourcePath)
    {
        var errors = new ErrorCollector(fileName);
        TopologyDocument? document = ReadDocument(text, errors, sourcePath);
        return document is not null && errors.Count == 0
            ? TopologyLoadResult.Success(document)
            : TopologyLoadResult.Failure(errors.ToSortedArray());
    }

    private static TopologyDocument? ReadDocument(string text, ErrorCollector errors, string? sourcePath)
    {
        YamlNode? root = YamlTextReader.ReadSingleDocument(text, errors);
        if (root is null)
        {
            return null;
        }

        if (root is not YamlMappingNode map)
        {
            errors.Report(root, $"a topology file must be a mapping with the keys {string.Join(", ", TopologySections.Keys)}, but found {YamlScalars.Describe(root)}");
            return null;
        }

        var reader = new MappingReader(map, "the topology", TopologySections.Keys, errors);
        reader.ReportUnknownKeys();
        var draft = new TopologyDraft();
        foreach (ITopologySection section in TopologySections.All)
        {
            YamlNode? value = section.IsRequired ? reader.Required(section.Key) : reader.Optional(section.Key);
            if (value is not null)
            {
                section.Read(value, draft, errors);
            }
        }

        return TopologyAssembler.Assemble(draft, errors, sourcePath);
    }
}
