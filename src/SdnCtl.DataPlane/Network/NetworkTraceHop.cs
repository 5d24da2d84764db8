using System.Text;
using SdnCtl.DataPlane.Pipeline;

namespace SdnCtl.DataPlane.Network;

/// <summary>One switch (or appliance, see <see cref="Appliance"/>) a traced frame went through: every table, entry and action (from <see cref="Switch.SimulatedSwitch.Trace"/>) and where its outputs went.</summary>
/// <param name="Depth">Switches crossed before this one (0 for the first).</param>
/// <param name="Switch">Switch name.</param>
/// <param name="DatapathId">Its datapath id.</param>
/// <param name="InPort">The port the frame entered on.</param>
/// <param name="Steps">The pipeline's steps, in order.</param>
/// <param name="Outputs">The frames output, in order, with their destinations.</param>
/// <param name="PacketIns">Packets sent to the controller, described (reason, table, cookie); the controller's reaction is not part of a trace.</param>
public sealed record NetworkTraceHop(
    int Depth,
    string Switch,
    ulong DatapathId,
    uint InPort,
    IReadOnlyList<TraceStep> Steps,
    IReadOnlyList<NetworkTraceOutput> Outputs,
    IReadOnlyList<string> PacketIns)
{
    /// <summary>
    /// Set when this hop is an appliance rather than a switch: then <see cref="Switch"/> is the
    /// appliance's name, <see cref="DatapathId"/> 0, <see cref="InPort"/> the interface index, and
    /// each output's port the index of the interface it left by.
    /// </summary>
    public NetworkTraceAppliance? Appliance { get; init; }

    /// <summary>True when the frame went nowhere (no output, no packet-in).</summary>
    public bool Dropped => Outputs.Count == 0 && PacketIns.Count == 0;

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        string indent = new(' ', Depth * 4);
        if (Appliance is { } appliance)
        {
            text.Append(indent).Append("appliance ").Append(Switch).Append(" (").Append(appliance.Kind).Append(") in=").Append(appliance.InInterface)
                .Append(" verdict=").Append(appliance.Verdict).AppendLine();
            for (int i = 0; i < Outputs.Count; i++)
            {
                text.Append(indent).Append("    -> out=").Append(appliance.OutInterfaces[i]).Append(" -> ").Append(Outputs[i].Destination).Append(" (").Append(Outputs[i].Kind).Append(')').AppendLine();
            }

            return text.ToString();
        }

        text.Append(indent).Append(Switch).Append(" (dpid ").Append(DatapathId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)).Append(") in_port=").Append(InPort).AppendLine();
        foreach (var step in Steps)
        {
            text.Append(indent).Append("    ").Append(step).AppendLine();
        }

        foreach (string packetIn in PacketIns)
        {
            text.Append(indent).Append("    -> controller: ").Append(packetIn).AppendLine();
        }

        foreach (var output in Outputs)
        {
            text.Append(indent).Append("    -> ").Append(output).AppendLine();
        }

        if (Dropped)
        {
            text.Append(indent).AppendLine("    -> dropped");
        }

        return text.ToString();
    }
}
