using PacketDotNet;

namespace SdnCtl.Nfv.Tests.Support;

/// <summary>Keeps a copy of every frame an appliance sends, with its interface.</summary>
internal sealed class RecordingSink : IFrameSink
{
    public List<(int Interface, byte[] Frame)> Frames { get; } = [];

    public void Emit(int egressInterface, ReadOnlySpan<byte> frame) => Frames.Add((egressInterface, frame.ToArray()));

    /// <summary>The single frame sent, decoded by PacketDotNet, and clears the record.</summary>
    public (int Interface, Packet Packet) TakeSingle()
    {
        (int iface, byte[] frame) = Assert.Single(Frames);
        Frames.Clear();
        return (iface, Packet.ParsePacket(LinkLayers.Ethernet, frame));
    }

    public void Clear() => Frames.Clear();
}
