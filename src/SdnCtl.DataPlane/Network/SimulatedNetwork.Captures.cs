using System.Collections.Concurrent;
using SdnCtl.DataPlane.Capture;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    private readonly ConcurrentDictionary<int, PortCapture> _captures = new();
    private int _nextCaptureId;

    /// <summary>Captures, running and stopped, by id.</summary>
    public IReadOnlyCollection<PortCapture> Captures => [.. _captures.Values.OrderBy(c => c.Id)];

    public PortCapture? FindCapture(int id) => _captures.GetValueOrDefault(id);

    /// <summary>Stops every capture, closing its file.</summary>
    public void StopCaptures()
    {
        foreach (PortCapture capture in _captures.Values)
        {
            capture.Stop();
        }
    }

    /// <summary>
    /// Starts capturing every frame leaving and entering switch port <paramref name="port"/> (a host
    /// port or one end of a link) into a pcap file at <paramref name="path"/>, as it is on the wire
    /// (802.1Q tags and VXLAN encapsulation included).
    /// </summary>
    /// <returns>The capture, or null when the switch or the port does not exist or the port is not cabled.</returns>
    public PortCapture? StartCapture(PortRef port, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Inventory.FindSwitchNode(port.Switch) is not { } node || !node.TryGetAttachment(port.Port, out PortAttachment outgoing))
        {
            return null;
        }

        PortAttachment? incoming = outgoing.Peer switch
        {
            HostNode host => host.Uplink,
            SwitchNode peer when peer.TryGetAttachment(outgoing.PeerPort, out PortAttachment back) => back,
            _ => null,
        };
        // Readers may open the file while it is written (a download of a running capture).
        var writer = new PcapWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), Options.Clock);
        int id = Interlocked.Increment(ref _nextCaptureId);
        var capture = new PortCapture(id, new PortRef(node.Name, port.Port), Path.GetFullPath(path), writer, c =>
        {
            Interlocked.CompareExchange(ref outgoing.Tap, null, c.Writer);
            if (incoming is not null)
            {
                Interlocked.CompareExchange(ref incoming.Tap, null, c.Writer);
            }
        });
        outgoing.Tap = writer;
        if (incoming is not null)
        {
            incoming.Tap = writer;
        }

        _captures[id] = capture;
        return capture;
    }
}
