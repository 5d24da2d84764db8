using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SdnCtl.Topology;

/// <summary>A reference to one port of one switch, written <c>switch:port</c> (for example <c>s1:2</c>).</summary>
/// <param name="Switch">The switch name.</param>
/// <param name="Port">The OpenFlow port number on that switch, 1–<see cref="PortSpec.MaxNumber"/>.</param>
public readonly record struct PortRef(string Switch, uint Port)
{
    /// <summary>Returns the reference as <c>switch:port</c>, for example <c>s1:2</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Switch}:{Port}");

    /// <summary>
    /// Parses <c>switch:port</c>: a valid switch name (letters, digits, '_', '-', '.'), a colon,
    /// and a decimal port number in 1–<see cref="PortSpec.MaxNumber"/>.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="value">The parsed reference, or <see langword="default"/> when the text is not one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a well-formed port reference.</returns>
    public static bool TryParse(string? text, out PortRef value) => TryParse(text, out value, out _);

    /// <summary>Parses like <see cref="TryParse(string?, out PortRef)"/> and says what is wrong when it fails.</summary>
    internal static bool TryParse(string? text, out PortRef value, [NotNullWhen(false)] out string? problem)
    {
        value = default;
        if (string.IsNullOrEmpty(text))
        {
            problem = "a switch port must be written 'switch:port', like 's1:2', but is empty";
            return false;
        }

        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            problem = $"'{text}' is not a switch port: write 'switch:port', like 's1:2'";
            return false;
        }

        string switchName = text[..colon];
        ReadOnlySpan<char> portText = text.AsSpan(colon + 1);
        if (!TopologyNames.IsValid(switchName))
        {
            problem = switchName.Length == 0
                ? $"'{text}' is not a switch port: the switch name before ':' is missing"
                : $"'{text}' is not a switch port: '{switchName}' is not a valid switch name";
            return false;
        }

        // NumberStyles.None: digits only, so " 2", "+2" and "0x2" are all rejected.
        if (portText.Length == 0 || !ulong.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong port))
        {
            problem = $"'{text}' is not a switch port: '{portText}' after ':' is not a port number";
            return false;
        }

        if (port is 0 or > PortSpec.MaxNumber)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"port number {port} in '{text}' is outside 1–{PortSpec.MaxNumber}");
            return false;
        }

        value = new PortRef(switchName, (uint)port);
        problem = null;
        return true;
    }
}
