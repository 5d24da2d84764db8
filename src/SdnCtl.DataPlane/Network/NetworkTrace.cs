using System.Text;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// A packet trace across the whole network, like <c>ovs-appctl ofproto/trace</c> followed from
/// switch to switch: each hop's pipeline steps and where its outputs went.
/// </summary>
/// <param name="Origin">Where the frame was injected (<c>host h1</c> or <c>s1:1</c>).</param>
/// <param name="Hops">The switches traversed, breadth first (a flood branches).</param>
/// <param name="Truncated">True when <see cref="SimulatedNetworkOptions.MaxTraceHops"/> stopped the trace before every branch ended.</param>
public sealed record NetworkTrace(string Origin, IReadOnlyList<NetworkTraceHop> Hops, bool Truncated)
{
    /// <summary>Hosts the frame reached.</summary>
    public IEnumerable<string> ReachedHosts =>
        Hops.SelectMany(h => h.Outputs).Where(o => o.Kind == NetworkTraceOutputKind.Host).Select(o => o.Destination["host ".Length..]);

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder().Append("trace from ").AppendLine(Origin);
        foreach (var hop in Hops)
        {
            text.Append(hop);
        }

        if (Truncated)
        {
            text.AppendLine("(truncated: hop budget spent)");
        }

        return text.ToString();
    }
}
