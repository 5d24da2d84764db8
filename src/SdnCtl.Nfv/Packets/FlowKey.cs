namespace SdnCtl.Nfv.Packets;

/// <summary>
/// A flow's 5-tuple as a dictionary key. Hand-written equality and hash: the record-struct versions go
/// through EqualityComparer per field, which shows on the per-frame path.
/// </summary>
internal readonly struct FlowKey(byte protocol, uint source, ushort sourcePort, uint destination, ushort destinationPort)
    : IEquatable<FlowKey>
{
    private readonly ulong _addresses = ((ulong)source << 32) | destination;
    private readonly ulong _rest = ((ulong)protocol << 32) | ((ulong)sourcePort << 16) | destinationPort;

    public byte Protocol => (byte)(_rest >> 32);

    public uint Source => (uint)(_addresses >> 32);

    public uint Destination => (uint)_addresses;

    public ushort SourcePort => (ushort)(_rest >> 16);

    public ushort DestinationPort => (ushort)_rest;

    /// <summary>The key of the traffic flowing the other way.</summary>
    public FlowKey Reverse() => new(Protocol, Destination, DestinationPort, Source, SourcePort);

    public bool Equals(FlowKey other) => _addresses == other._addresses && _rest == other._rest;

    public override bool Equals(object? obj) => obj is FlowKey other && Equals(other);

    public override int GetHashCode()
    {
        // Multiply-xorshift mix of both words; good spread for sequential addresses and ports.
        ulong h = (_addresses * 0x9E3779B97F4A7C15UL) ^ (_rest + 0x632BE59BD9B4E019UL);
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (int)(h ^ (h >> 32));
    }

    public static bool operator ==(FlowKey left, FlowKey right) => left.Equals(right);

    public static bool operator !=(FlowKey left, FlowKey right) => !left.Equals(right);
}
