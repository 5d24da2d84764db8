using SdnCtl.DataPlane.Switch;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Network;

/// <summary>
/// A cable between two switch ports of a <see cref="SimulatedNetwork"/>. It carries frames both
/// ways immediately (bandwidth and latency are recorded, not simulated), counts them per
/// direction, and drops everything while it is down.
/// </summary>
public sealed class SimulatedLink
{
    private int _down;

    internal SimulatedLink(LinkSpec spec, SimulatedSwitch switchA, SimulatedSwitch switchB)
    {
        Spec = spec;
        SwitchA = switchA;
        SwitchB = switchB;
        Name = $"{spec.A}-{spec.B}";
    }

    /// <summary>The declaration.</summary>
    public LinkSpec Spec { get; }

    /// <summary>One end.</summary>
    public PortRef A => Spec.A;

    /// <summary>The other end.</summary>
    public PortRef B => Spec.B;

    /// <summary>The switch at <see cref="A"/>.</summary>
    public SimulatedSwitch SwitchA { get; }

    /// <summary>The switch at <see cref="B"/>.</summary>
    public SimulatedSwitch SwitchB { get; }

    /// <summary>Declared capacity (not enforced).</summary>
    public double BandwidthMbps => Spec.BandwidthMbps;

    /// <summary>Declared one-way delay (not applied: delivery is immediate).</summary>
    public double LatencyMs => Spec.LatencyMs;

    /// <summary><c>a:port-b:port</c>, e.g. <c>s1:2-s2:2</c>.</summary>
    public string Name { get; }

    /// <summary>False after the link was cut.</summary>
    public bool IsUp => Volatile.Read(ref _down) == 0;

    /// <summary>Frames from <see cref="A"/> to <see cref="B"/>.</summary>
    public LinkDirectionCounters AToB { get; } = new();

    /// <summary>Frames from <see cref="B"/> to <see cref="A"/>.</summary>
    public LinkDirectionCounters BToA { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {(IsUp ? "up" : "down")}";

    /// <summary>Sets the state; true when it changed.</summary>
    internal bool TrySetUp(bool up)
    {
        int wanted = up ? 0 : 1;
        return Interlocked.Exchange(ref _down, wanted) != wanted;
    }
}
