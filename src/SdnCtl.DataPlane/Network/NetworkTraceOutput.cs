namespace SdnCtl.DataPlane.Network;

/// <summary>One frame a traced switch output, and where it went.</summary>
/// <param name="Port">The output port.</param>
/// <param name="Kind">What is attached there and whether the trace followed it.</param>
/// <param name="Destination">The far end: <c>s2:3</c>, <c>host h3</c>, or why nothing received it.</param>
/// <param name="Frame">The frame as it left the port (after any rewrites).</param>
public sealed record NetworkTraceOutput(uint Port, NetworkTraceOutputKind Kind, string Destination, ReadOnlyMemory<byte> Frame)
{
    /// <inheritdoc/>
    public override string ToString() => $"output:{Port} -> {Destination} ({Kind})";
}
