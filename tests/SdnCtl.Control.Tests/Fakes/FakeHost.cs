using SdnCtl.Control.Network;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>A host on a fake switch port; records the frames that reach it.</summary>
internal sealed class FakeHost
{
    private readonly List<byte[]> _received = [];

    public FakeHost(string name, ulong mac, uint ipv4, SwitchPort attachment)
    {
        Name = name;
        Mac = mac;
        Ipv4 = ipv4;
        Attachment = attachment;
    }

    public string Name { get; }

    public ulong Mac { get; }

    public uint Ipv4 { get; }

    public SwitchPort Attachment { get; set; }

    public IReadOnlyList<byte[]> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public void Deliver(byte[] frame)
    {
        // Hosts drop LLDP, as real ones do; tests care about what the hosts would see.
        if (frame.Length >= 14 && frame[12] == 0x88 && frame[13] == 0xcc)
        {
            return;
        }

        lock (_received)
        {
            _received.Add(frame);
        }
    }

    public void ClearReceived()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    public override string ToString() => Name;
}
