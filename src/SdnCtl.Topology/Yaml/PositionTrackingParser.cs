using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SdnCtl.Topology.Yaml;

/// <summary>
/// Wraps YamlDotNet's parser to remember where it was, so that every failure can be given a
/// line and column, and to report an undefined alias where it is written.
/// </summary>
/// <remarks>
/// Some malformed inputs make YamlDotNet throw exceptions that carry no position (an
/// unterminated flow sequence followed by a block key throws InvalidOperationException), and
/// an alias to an undefined anchor is reported at line 1, column 1. The last event seen is the
/// best position there is for those.
/// </remarks>
internal sealed class PositionTrackingParser : IParser
{
    private readonly IParser _inner;
    private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);

    public PositionTrackingParser(IParser inner)
    {
        _inner = inner;
    }

    public ParsingEvent? Current => _inner.Current;

    /// <summary>Where the last event started, or 1:1 before the first.</summary>
    public TextPosition LastStart { get; private set; } = new(1, 1);

    /// <summary>Where the last event ended, or 1:1 before the first.</summary>
    public TextPosition LastEnd { get; private set; } = new(1, 1);

    /// <summary>True while YamlDotNet's parser itself is running, so a failure there happened after <see cref="LastEnd"/>.</summary>
    public bool FailedInsideParser { get; private set; }

    public bool MoveNext()
    {
        // Deliberately not reset in a finally: when MoveNext throws, the flag says so.
        FailedInsideParser = true;
        bool moved = _inner.MoveNext();
        FailedInsideParser = false;
        if (!moved || _inner.Current is not { } current)
        {
            return moved;
        }

        LastStart = TextPosition.From(current.Start);
        LastEnd = TextPosition.From(current.End);
        switch (current)
        {
            case DocumentStart:
                _anchors.Clear();
                break;
            case AnchorAlias alias when !_anchors.Contains(alias.Value.Value):
                throw new YamlException(current.Start, current.End, $"alias *{alias.Value.Value} refers to an anchor that is not defined before it");
            case NodeEvent { Anchor.IsEmpty: false } node:
                _anchors.Add(node.Anchor.Value);
                break;
        }

        return moved;
    }
}
