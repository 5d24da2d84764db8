using System.Globalization;

namespace SdnCtl.Topology.Appliances;

/// <summary>
/// Where an appliance and each of its values were written, keyed by option path as the appliance
/// options name them (<c>kind</c>, <c>interfaces[1].address</c>, <c>rules[2].destinationPorts</c>),
/// so that a problem found later (unknown kind, bad option) is reported at file:line:column.
/// </summary>
public sealed class ApplianceSource
{
    private readonly IReadOnlyDictionary<string, (int Line, int Column)> _positions;

    public ApplianceSource(string file, int line, int column, IReadOnlyDictionary<string, (int Line, int Column)> positions)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(positions);
        File = file;
        Line = line;
        Column = column;
        _positions = positions;
    }

    /// <summary>The file name as given to the loader.</summary>
    public string File { get; }

    /// <summary>Line of the appliance's mapping.</summary>
    public int Line { get; }

    /// <summary>Column of the appliance's mapping.</summary>
    public int Column { get; }

    /// <summary>
    /// An error at the value <paramref name="path"/> names, or at the closest enclosing value that
    /// was written (an option left out is reported at its parent), or at the appliance.
    /// </summary>
    public TopologyError ErrorAt(string path, string message)
    {
        ArgumentNullException.ThrowIfNull(path);
        string key = path;
        while (key.Length > 0)
        {
            if (_positions.TryGetValue(key, out var at))
            {
                return new TopologyError(File, at.Line, at.Column, message);
            }

            int cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
            key = cut <= 0 ? "" : key[..cut];
        }

        return new TopologyError(File, Line, Column, message);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}");
}
