using System.Buffers;

namespace SdnCtl.Topology;

/// <summary>The rule for switch and host names.</summary>
/// <remarks>
/// Names end up in <c>switch:port</c> references, in default port names (<c>s1-eth2</c>) and in
/// REST paths, so they are restricted to characters that need no quoting in any of those.
/// </remarks>
internal static class TopologyNames
{
    public const int MaxLength = 64;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    public static bool IsValid(ReadOnlySpan<char> name) =>
        name.Length is > 0 and <= MaxLength && !name.ContainsAnyExcept(Allowed);

    public static string Problem(string kind, string name) =>
        name.Length == 0
            ? $"a {kind} name must not be empty"
            : $"{kind} name '{name}' is not valid: use 1–{MaxLength} letters, digits, '_', '-' or '.'";
}
