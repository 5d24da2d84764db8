using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Capture;

/// <summary>A running (or stopped) capture of every frame sent or received on one simulated switch port.</summary>
public sealed class PortCapture
{
    private readonly PcapWriter _writer;
    private readonly Action<PortCapture> _stop;
    private int _stopped;

    internal PortCapture(int id, PortRef port, string path, PcapWriter writer, Action<PortCapture> stop)
    {
        Id = id;
        Port = port;
        Path = path;
        _writer = writer;
        _stop = stop;
    }

    /// <summary>The capture's number in its network.</summary>
    public int Id { get; }

    /// <summary>The captured port; a link is captured at either of its ends.</summary>
    public PortRef Port { get; }

    /// <summary>The pcap file.</summary>
    public string Path { get; }

    public long Frames => _writer.Frames;

    public bool IsRunning => Volatile.Read(ref _stopped) == 0;

    internal PcapWriter Writer => _writer;

    /// <summary>Flushes what was captured so far to the file, which stays open for more.</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Stops capturing and closes the file.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _stop(this);
            _writer.Dispose();
        }
    }
}
