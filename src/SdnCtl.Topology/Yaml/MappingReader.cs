using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Yaml;

/// <summary>
/// Reads the keys of one YAML mapping against the set of keys it may have, reporting missing
/// required keys at the mapping and unknown keys at the key itself.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly IReadOnlyList<string> _allowed;
    private readonly ErrorCollector _errors;
    private readonly Dictionary<string, (YamlScalarNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);
    private readonly List<YamlNode> _nonScalarKeys = [];

    public MappingReader(YamlMappingNode node, string subject, IReadOnlyList<string> allowed, ErrorCollector errors)
    {
        _node = node;
        _allowed = allowed;
        _errors = errors;
        Subject = subject;
        foreach (KeyValuePair<YamlNode, YamlNode> entry in node.Children)
        {
            if (entry.Key is YamlScalarNode key)
            {
                // YamlDotNet has already rejected duplicate keys.
                _entries.TryAdd(key.Value ?? string.Empty, (key, entry.Value));
            }
            else
            {
                _nonScalarKeys.Add(entry.Key);
            }
        }
    }

    /// <summary>What the mapping is, for messages: "switch 's1'", "link", "the topology".</summary>
    public string Subject { get; set; }

    /// <summary>The word for a key in messages: "key" by default, "generator" for the generate section.</summary>
    public string KeyNoun { get; init; } = "key";

    public TextPosition Position => TextPosition.Of(_node);

    public YamlNode? Optional(string key)
    {
        Debug.Assert(_allowed.Contains(key), $"'{key}' is read but not declared as allowed");
        return _entries.TryGetValue(key, out var entry) ? entry.Value : null;
    }

    public YamlNode? Required(string key)
    {
        YamlNode? value = Optional(key);
        if (value is null)
        {
            _errors.Report(_node, $"{Subject} is missing the required {KeyNoun} '{key}'");
        }

        return value;
    }

    public void ReportUnknownKeys()
    {
        foreach (YamlNode key in _nonScalarKeys)
        {
            _errors.Report(key, $"a {KeyNoun} in {Subject} must be plain text, but found {YamlScalars.Describe(key)}");
        }

        foreach ((YamlScalarNode key, _) in _entries.Values)
        {
            string name = key.Value ?? string.Empty;
            if (_allowed.Contains(name))
            {
                continue;
            }

            string? suggestion = KeySuggestions.Closest(name, _allowed);
            string hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
            _errors.Report(key, $"unknown {KeyNoun} '{YamlScalars.Shorten(name)}' in {Subject}{hint}; allowed {KeyNoun}s are: {string.Join(", ", _allowed)}");
        }
    }
}
