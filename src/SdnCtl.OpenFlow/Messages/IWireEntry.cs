namespace SdnCtl.OpenFlow.Messages;

/// <summary>An element of a multipart reply array: knows its length, writes itself, reads one from a span.</summary>
internal interface IWireEntry<TSelf>
    where TSelf : IWireEntry<TSelf>
{
    /// <summary>Bytes on the wire.</summary>
    int WireLength { get; }

    /// <summary>Writes the entry at the start of <paramref name="dest"/>; returns <see cref="WireLength"/>.</summary>
    int WriteEntry(Span<byte> dest);

    /// <summary>
    /// Reads one entry from the front of <paramref name="src"/> (the rest of the array); returns the
    /// bytes consumed, always at least 1, or throws OfpProtocolException.
    /// </summary>
    static abstract int ReadEntry(ReadOnlySpan<byte> src, out TSelf entry);
}
