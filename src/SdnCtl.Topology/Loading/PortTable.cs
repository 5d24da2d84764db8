using System.Globalization;

namespace SdnCtl.Topology.Loading;

/// <summary>The ports a switch declares: either 1..n (a count) or an explicit set of numbers with optional names.</summary>
internal sealed class PortTable
{
    private readonly uint _count;
    private readonly Dictionary<uint, string?>? _explicit;
    private readonly uint[] _sortedNumbers;

    private PortTable(uint count, Dictionary<uint, string?>? explicitPorts)
    {
        _count = count;
        _explicit = explicitPorts;
        _sortedNumbers = explicitPorts is null ? [] : [.. explicitPorts.Keys.Order()];
    }

    public int Count => _explicit?.Count ?? (int)_count;

    public static PortTable Contiguous(int count) => new((uint)count, null);

    public static PortTable Explicit(Dictionary<uint, string?> ports) => new(0, ports);

    public bool Contains(uint number) => _explicit?.ContainsKey(number) ?? (number >= 1 && number <= _count);

    /// <summary>For "its ports are …" in messages: "1–3", or the numbers themselves, abbreviated when many.</summary>
    public string Describe()
    {
        if (_explicit is null)
        {
            return _count == 1 ? "1" : string.Create(CultureInfo.InvariantCulture, $"1–{_count}");
        }

        const int Shown = 8;
        string list = string.Join(", ", _sortedNumbers.Take(Shown));
        return _sortedNumbers.Length > Shown ? $"{list}, …" : list;
    }

    public PortSpec[] ToSpecs(string switchName)
    {
        if (_explicit is null)
        {
            var ports = new PortSpec[_count];
            for (uint n = 1; n <= _count; n++)
            {
                ports[n - 1] = new PortSpec(n, PortSpec.DefaultName(switchName, n));
            }

            return ports;
        }

        return [.. _sortedNumbers.Select(n => new PortSpec(n, _explicit[n] ?? PortSpec.DefaultName(switchName, n)))];
    }
}
