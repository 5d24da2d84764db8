using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Paths;

/// <summary>A loop-free sequence of directed links from one switch to another. Equal when the links are.</summary>
/// <param name="SourceDpid">The first switch.</param>
/// <param name="DestinationDpid">The last switch.</param>
/// <param name="Links">The links in order; empty when source and destination are the same switch.</param>
public sealed record NetworkPath(ulong SourceDpid, ulong DestinationDpid, ImmutableArray<LinkInfo> Links)
{
    /// <summary>Number of switch-to-switch hops.</summary>
    public int HopCount => Links.Length;

    /// <summary>The switches along the path, source first.</summary>
    public IEnumerable<ulong> Switches
    {
        get
        {
            yield return SourceDpid;
            foreach (LinkInfo link in Links)
            {
                yield return link.Destination.DatapathId;
            }
        }
    }

    /// <inheritdoc/>
    public bool Equals(NetworkPath? other) =>
        other is not null && SourceDpid == other.SourceDpid && DestinationDpid == other.DestinationDpid &&
        Links.AsSpan().SequenceEqual(other.Links.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SourceDpid, DestinationDpid, Links.Length);

    /// <summary>Returns <c>1 -> 2 -> 3</c>, datapath ids in hex.</summary>
    public override string ToString() => string.Join(" -> ", Switches.Select(static d => d.ToString("x", CultureInfo.InvariantCulture)));
}
