using System.Globalization;

namespace SdnCtl.Control;

/// <summary>Settings of the control plane. Validated once, when the <see cref="ControlPlane"/> is built.</summary>
public sealed class ControllerOptions
{
    /// <summary>How often every up port of every switch is probed with LLDP. Default 1 s.</summary>
    public TimeSpan DiscoveryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a link may go without a probe crossing it before it is dropped;
    /// <see langword="null"/> (the default) means three discovery intervals.
    /// </summary>
    public TimeSpan? LinkTimeout { get; set; }

    /// <summary>
    /// Idle timeout of the forwarding rules installed for traffic, in whole seconds;
    /// <see cref="TimeSpan.Zero"/> (the default) installs them without timeout.
    /// </summary>
    public TimeSpan FlowIdleTimeout { get; set; } = TimeSpan.Zero;

    /// <summary>The flow table the control plane's rules go into. Default 0.</summary>
    public byte TableId { get; set; }

    /// <summary>Priority of the rule that sends LLDP to the controller; above every forwarding rule. Default 65000.</summary>
    public ushort DiscoveryPriority { get; set; } = 65000;

    /// <summary>Priority of the destination-MAC forwarding rules; above the priority-0 table-miss rule. Default 1000.</summary>
    public ushort ForwardingPriority { get; set; } = 1000;

    /// <summary>Answer ARP requests for learned hosts from the controller instead of flooding them. Default on.</summary>
    public bool ProxyArp { get; set; } = true;

    /// <summary>
    /// For how long a frame the controller flooded is dropped if a switch hands it up again. Floods
    /// only leave through edge ports, so a copy can only come back over a link LLDP has not found
    /// yet; dropping it stops the controller from flooding it again, which would loop.
    /// <see cref="TimeSpan.Zero"/> turns the guard off. Default 500 ms.
    /// </summary>
    public TimeSpan FloodSuppressionWindow { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// PACKET_INs waiting for the control loop beyond which new ones are dropped (and counted), so a
    /// packet storm cannot starve switch and port events, which are never dropped. Default 10,000.
    /// </summary>
    public int MaxPendingPacketIns { get; set; } = 10_000;

    /// <summary>Events buffered per subscriber before its oldest are dropped. Default 4,096.</summary>
    public int EventBufferCapacity { get; set; } = 4096;

    /// <summary>
    /// How long a (re)connecting switch may take to report its flows, groups and meters (for
    /// reconciliation) and to confirm with a barrier what an intent or chain sent it; past it the read
    /// counts as failed (rules are deleted by cookie and sent again) or the confirmation as refused. Default 30 s.
    /// </summary>
    public TimeSpan SwitchReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The link timeout in effect: <see cref="LinkTimeout"/>, or three discovery intervals but at least
    /// 10 s (ONOS's stale-link age). A busy controller or switch answers probes late, and a link that
    /// flaps for that reason reroutes traffic for nothing.
    /// </summary>
    public TimeSpan EffectiveLinkTimeout => LinkTimeout ?? TimeSpan.FromTicks(Math.Max(DiscoveryInterval.Ticks * 3, MinimumDefaultLinkTimeout.Ticks));

    private static readonly TimeSpan MinimumDefaultLinkTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Checks every setting.</summary>
    /// <returns>One message per bad value, naming it; empty when the options are usable.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (DiscoveryInterval < TimeSpan.FromMilliseconds(10))
        {
            problems.Add(Invariant($"DiscoveryInterval {DiscoveryInterval} must be at least 10 ms"));
        }

        if (EffectiveLinkTimeout <= DiscoveryInterval)
        {
            problems.Add(Invariant($"LinkTimeout {EffectiveLinkTimeout} must be longer than DiscoveryInterval {DiscoveryInterval}, or every link would expire between two probes"));
        }

        if (FlowIdleTimeout < TimeSpan.Zero || FlowIdleTimeout > TimeSpan.FromSeconds(ushort.MaxValue) || FlowIdleTimeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            problems.Add(Invariant($"FlowIdleTimeout {FlowIdleTimeout} must be whole seconds in 0–65535"));
        }

        if (TableId > SdnCtl.OpenFlow.OfpConstants.TableMax)
        {
            problems.Add(Invariant($"TableId {TableId} is above OFPTT_MAX (254)"));
        }

        if (ForwardingPriority == 0)
        {
            problems.Add("ForwardingPriority 0 would tie with the table-miss rule; use 1 or more");
        }

        if (DiscoveryPriority <= ForwardingPriority)
        {
            problems.Add(Invariant($"DiscoveryPriority {DiscoveryPriority} must be above ForwardingPriority {ForwardingPriority}, or a forwarding rule could swallow LLDP probes"));
        }

        if (FloodSuppressionWindow < TimeSpan.Zero)
        {
            problems.Add(Invariant($"FloodSuppressionWindow {FloodSuppressionWindow} must not be negative"));
        }

        if (MaxPendingPacketIns < 1)
        {
            problems.Add(Invariant($"MaxPendingPacketIns {MaxPendingPacketIns} must be at least 1"));
        }

        if (SwitchReadTimeout <= TimeSpan.Zero)
        {
            problems.Add(Invariant($"SwitchReadTimeout {SwitchReadTimeout} must be positive"));
        }

        if (EventBufferCapacity < 1)
        {
            problems.Add(Invariant($"EventBufferCapacity {EventBufferCapacity} must be at least 1"));
        }

        return problems;
    }

    /// <summary>A copy, so that later changes to the caller's instance cannot reach a running control plane.</summary>
    internal ControllerOptions Clone() => (ControllerOptions)MemberwiseClone();

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
