using System.Buffers.Binary;

namespace SdnCtl.DataPlane.Capture;

/// <summary>
/// Writes Ethernet frames as a classic libpcap file (tcpdump's format, which Wireshark and tshark
/// read): a 24-byte global header, then a 16-byte record header before each frame.
/// </summary>
/// <remarks>
/// Written by hand: the format is two fixed headers, while the managed capture library (SharpPcap)
/// needs the native libpcap installed just to write a file. Thread-safe: frames arrive from every
/// switch's executor at once.
/// </remarks>
public sealed class PcapWriter : IDisposable
{
    /// <summary>Magic number of a microsecond-resolution pcap file (written in our byte order, read back by it).</summary>
    public const uint Magic = 0xa1b2c3d4;

    /// <summary>LINKTYPE_ETHERNET.</summary>
    public const uint LinkTypeEthernet = 1;

    /// <summary>The largest frame kept whole; longer frames are cut (their original length is still recorded).</summary>
    public const int SnapLength = 65535;

    public const int GlobalHeaderSize = 24;

    public const int RecordHeaderSize = 16;

    private readonly Stream _stream;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly byte[] _header = new byte[RecordHeaderSize];
    private bool _disposed;

    /// <summary>Starts a capture file on <paramref name="stream"/> (which the writer then owns) by writing the global header.</summary>
    public PcapWriter(Stream stream, TimeProvider? clock = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _clock = clock ?? TimeProvider.System;
        Span<byte> global = stackalloc byte[GlobalHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(global, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(global[4..], 2);   // version 2.4
        BinaryPrimitives.WriteUInt16LittleEndian(global[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(global[8..], 0);    // thiszone: UTC
        BinaryPrimitives.WriteUInt32LittleEndian(global[12..], 0);  // sigfigs
        BinaryPrimitives.WriteUInt32LittleEndian(global[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(global[20..], LinkTypeEthernet);
        _stream.Write(global);
    }

    /// <summary>Frames written so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Appends one frame, stamped with the current time.</summary>
    public void Write(ReadOnlySpan<byte> frame)
    {
        DateTimeOffset now = _clock.GetUtcNow();
        long micros = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000);
        int kept = Math.Min(frame.Length, SnapLength);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(_header, (uint)(micros / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), (uint)(micros % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), (uint)kept);
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(12), (uint)frame.Length);
            _stream.Write(_header);
            _stream.Write(frame[..kept]);
            Frames++;
        }
    }

    /// <summary>Pushes what was written to the underlying stream (a download reads a consistent prefix).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _stream.Flush();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stream.Dispose();
        }
    }
}
