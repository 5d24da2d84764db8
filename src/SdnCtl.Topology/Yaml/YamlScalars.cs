using System.Diagnostics.CodeAnalysis;
using SdnCtl.Topology.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Yaml;

/// <summary>Reads typed values out of YAML nodes and words the "wrong type" errors.</summary>
internal static class YamlScalars
{
    private const int MaxShownLength = 40;

    /// <summary>True for an empty or explicit null: <c>key:</c>, <c>~</c>, <c>null</c> (unquoted).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Says what a node is, for "but found …" in messages.</summary>
    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ when IsNull(node) => "nothing",
        YamlScalarNode scalar => $"'{Shorten(scalar.Value ?? string.Empty)}'",
        _ => "an unsupported YAML node",
    };

    public static string Shorten(string text)
    {
        string oneLine = text.ReplaceLineEndings("⏎");
        return oneLine.Length <= MaxShownLength ? oneLine : string.Concat(oneLine.AsSpan(0, MaxShownLength), "…");
    }

    /// <summary>Reads a non-null scalar, or reports "<paramref name="what"/> must be <paramref name="expected"/>, but found …".</summary>
    public static bool TryGetText(YamlNode node, string what, string expected, ErrorCollector errors, [NotNullWhen(true)] out string? text)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node))
        {
            text = value;
            return true;
        }

        errors.Report(node, $"{what} must be {expected}, but found {Describe(node)}");
        text = null;
        return false;
    }

    /// <summary>Reads an integer in the range of <see cref="int"/>; range rules beyond that are the caller's.</summary>
    public static bool TryGetInteger(YamlNode node, string what, ErrorCollector errors, out int value)
    {
        value = 0;
        if (!TryGetText(node, what, "an integer", errors, out string? text))
        {
            return false;
        }

        switch (IntegerText.TryParse(text, out ulong magnitude))
        {
            case IntegerParseStatus.Ok when magnitude <= int.MaxValue:
                value = (int)magnitude;
                return true;
            case IntegerParseStatus.Negative when magnitude <= int.MaxValue:
                value = -(int)magnitude;
                return true;
            case IntegerParseStatus.Ok:
            case IntegerParseStatus.Negative:
            case IntegerParseStatus.TooLarge:
                errors.Report(node, $"{what} {Shorten(text)} is too large");
                return false;
            default:
                errors.Report(node, $"{what} must be an integer, but found {Describe(node)}");
                return false;
        }
    }
}
