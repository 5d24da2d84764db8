using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Core;

/// <summary>Loop-owned state of one port.</summary>
internal sealed class PortEntry
{
    public PortEntry(OfpPort port) => Update(port);

    public uint Number { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public ulong HwAddr { get; private set; }

    public bool IsUp { get; private set; }

    public uint CurrentSpeedKbps { get; private set; }

    /// <summary>The LLDP probe for this port, built on first use and reused every round.</summary>
    public byte[]? Probe { get; set; }

    /// <summary>OpenFlow's two ways of being down: administratively (config) or without link (state).</summary>
    public static bool IsPortUp(OfpPort port) =>
        (port.Config & PortConfig.PortDown) == 0 && (port.State & PortState.LinkDown) == 0;

    public void Update(OfpPort port)
    {
        if (port.HwAddr != HwAddr)
        {
            Probe = null;
        }

        Number = port.PortNo;
        Name = port.Name;
        HwAddr = port.HwAddr;
        IsUp = IsPortUp(port);
        CurrentSpeedKbps = port.CurrSpeed;
    }
}
