using System.Globalization;

namespace SdnCtl.Topology;

/// <summary>One problem found in a topology file, with the place it points at.</summary>
/// <param name="File">The file name as given to the loader.</param>
/// <param name="Line">The 1-based line of the offending YAML node, or 0 when the problem concerns the whole file (for example it cannot be read).</param>
/// <param name="Column">The 1-based column of the offending YAML node, or 0 with <paramref name="Line"/> 0.</param>
/// <param name="Message">What is wrong, naming the bad value.</param>
public sealed record TopologyError(string File, int Line, int Column, string Message)
{
    /// <summary>
    /// Returns the error in the <c>file:line:column: message</c> form that compilers use and
    /// editors turn into links, for example <c>net.yaml:14:5: port s1:2 is already used by the link at line 9</c>.
    /// </summary>
    public override string ToString() =>
        Line > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}")
            : $"{File}: {Message}";
}
