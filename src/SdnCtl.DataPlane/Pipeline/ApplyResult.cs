namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// The outcome of one packet as copies (for tests, the packet-trace feature and other cold
/// paths): frames sent per port, packet-ins, and the trace when one was requested. It is also
/// an <see cref="IPacketOutput"/> that collects into itself.
/// </summary>
public sealed class ApplyResult : IPacketOutput
{
    private readonly List<(uint Port, byte[] Frame)> _outputs = [];
    private readonly List<(PacketInEvent Event, byte[] Frame)> _packetIns = [];

    /// <summary>Creates an empty result, optionally with a trace to fill.</summary>
    public ApplyResult(PacketTrace? trace = null) => Trace = trace;

    /// <summary>Frames transmitted, in order.</summary>
    public IReadOnlyList<(uint Port, byte[] Frame)> Outputs => _outputs;

    /// <summary>Packets sent to the controller, in order (whole frames, before truncation).</summary>
    public IReadOnlyList<(PacketInEvent Event, byte[] Frame)> PacketIns => _packetIns;

    /// <summary>The trace, if one was requested.</summary>
    public PacketTrace? Trace { get; }

    /// <summary>True when nothing was output or sent to the controller.</summary>
    public bool Dropped => _outputs.Count == 0 && _packetIns.Count == 0;

    /// <summary>Ports the packet left through, in order.</summary>
    public IEnumerable<uint> OutputPorts => _outputs.Select(o => o.Port);

    /// <inheritdoc/>
    public void Transmit(uint port, ReadOnlySpan<byte> frame) => _outputs.Add((port, frame.ToArray()));

    /// <inheritdoc/>
    public void PacketIn(in PacketInEvent packetIn, ReadOnlySpan<byte> frame) => _packetIns.Add((packetIn, frame.ToArray()));
}
