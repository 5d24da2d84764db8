using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SdnCtl.Topology.Yaml;

/// <summary>Turns the text of a topology file into its one YAML document, reporting syntax errors with their position.</summary>
internal static class YamlTextReader
{
    /// <returns>The root node, or null when the text is not one well-formed YAML document (the reason is reported).</returns>
    public static YamlNode? ReadSingleDocument(string text, ErrorCollector errors)
    {
        var parser = new PositionTrackingParser(new Parser(new StringReader(text)));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            // YamlDotNet reports some errors (undefined aliases, for one) at the default mark 1:1.
            TextPosition at = ex.Start.Index == 0 && ex.Start.Line <= 1 && ex.Start.Column <= 1
                ? parser.LastStart
                : TextPosition.From(ex.Start);
            errors.Report(at, Describe(ex.Message));
            return null;
        }
#pragma warning disable CA1031 // Bad input must never escape as an unexpected exception, and the parser has thrown more than YamlException on malformed text.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            errors.Report(parser.FailedInsideParser ? parser.LastEnd : parser.LastStart, "YAML syntax error: the text here cannot be parsed (check for unclosed brackets, braces or quotes)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Report(new TextPosition(1, 1), "the file is empty: a topology needs at least a 'name'");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Report(stream.Documents[1].RootNode, "a topology file holds one YAML document, but a second one starts here");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    private static string Describe(string message)
    {
        const string DuplicateKey = "Duplicate key ";
        if (message.StartsWith(DuplicateKey, StringComparison.Ordinal))
        {
            return $"duplicate key '{message[DuplicateKey.Length..]}': each key may appear once in a mapping";
        }

        string trimmed = message.TrimEnd('.');
        return trimmed.Length > 0 && char.IsUpper(trimmed[0]) && !trimmed.StartsWith("YAML", StringComparison.Ordinal)
            ? $"YAML syntax error: {char.ToLowerInvariant(trimmed[0])}{trimmed[1..]}"
            : $"YAML syntax error: {trimmed}";
    }
}
