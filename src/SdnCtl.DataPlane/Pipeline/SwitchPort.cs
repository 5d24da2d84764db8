using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// A switch port (spec 4.2, 7.2.1): number, name, MAC, config, state, features, speed and the
/// counters of port stats. Changed only on the switch's executor.
/// </summary>
public sealed class SwitchPort
{
    /// <summary>Creates a port that is up and live.</summary>
    public SwitchPort(uint number, string name, ulong hwAddr, uint currentSpeedKbps = 10_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfZero(number);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, OfpPortNo.Max);
        Number = number;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        HwAddr = hwAddr;
        CurrSpeed = currentSpeedKbps;
        MaxSpeed = currentSpeedKbps;
        State = PortState.Live;
        Curr = PortFeatures.Rate10GbFd | PortFeatures.Copper;
        Supported = Curr;
        Advertised = Curr;
    }

    /// <summary>Port number (1..OFPP_MAX).</summary>
    public uint Number { get; }

    /// <summary>Name (at most 15 characters on the wire).</summary>
    public string Name { get; }

    /// <summary>MAC address as a 48-bit number.</summary>
    public ulong HwAddr { get; }

    /// <summary>OFPPC_* administrative config (PORT_MOD changes it).</summary>
    public PortConfig Config { get; set; }

    /// <summary>OFPPS_* state (link down / blocked / live).</summary>
    public PortState State { get; set; }

    /// <summary>Current features.</summary>
    public PortFeatures Curr { get; set; }

    /// <summary>Advertised features.</summary>
    public PortFeatures Advertised { get; set; }

    /// <summary>Supported features.</summary>
    public PortFeatures Supported { get; set; }

    /// <summary>Peer's advertised features.</summary>
    public PortFeatures Peer { get; set; }

    /// <summary>Current speed in kbps.</summary>
    public uint CurrSpeed { get; set; }

    /// <summary>Maximum speed in kbps.</summary>
    public uint MaxSpeed { get; set; }

    /// <summary>Packets received.</summary>
    public ulong RxPackets { get; internal set; }

    /// <summary>Packets transmitted.</summary>
    public ulong TxPackets { get; internal set; }

    /// <summary>Bytes received.</summary>
    public ulong RxBytes { get; internal set; }

    /// <summary>Bytes transmitted.</summary>
    public ulong TxBytes { get; internal set; }

    /// <summary>Packets dropped on receive (port down, NO_RECV).</summary>
    public ulong RxDropped { get; internal set; }

    /// <summary>Packets dropped on transmit (port down, NO_FWD).</summary>
    public ulong TxDropped { get; internal set; }

    /// <summary>When the port was added, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long CreatedTimestamp { get; internal set; }

    /// <summary>Set when this is a VXLAN tunnel port (before the port is added to a pipeline).</summary>
    public VxlanPortConfig? Vxlan { get; init; }

    /// <summary>Up administratively and with link: usable for forwarding and fast-failover liveness.</summary>
    public bool IsLive => (Config & PortConfig.PortDown) == 0 && (State & PortState.LinkDown) == 0;

    /// <summary>The wire description (ofp_port).</summary>
    public OfpPort ToOfpPort() => new()
    {
        PortNo = Number,
        HwAddr = HwAddr,
        Name = Name,
        Config = Config,
        State = State,
        Curr = Curr,
        Advertised = Advertised,
        Supported = Supported,
        Peer = Peer,
        CurrSpeed = CurrSpeed,
        MaxSpeed = MaxSpeed,
    };

    /// <inheritdoc/>
    public override string ToString() => $"port {Number} '{Name}' config={Config} state={State}";
}
