namespace SdnCtl.Cli.Ovs;

/// <summary>How <see cref="OvsPlan"/> builds a topology on Open vSwitch.</summary>
internal sealed record OvsPlanOptions
{
    /// <summary>The controller every bridge connects to, in OVS's target syntax.</summary>
    public string Controller { get; init; } = "tcp:127.0.0.1:6653";

    public OvsLinkKind Links { get; init; } = OvsLinkKind.Veth;

    /// <summary>
    /// Longest wait, in milliseconds, between OVS's attempts to reach the controller (OVS's default is
    /// 8 s); short, so a restarted controller or switch is reconnected quickly.
    /// </summary>
    public int MaxBackoffMs { get; init; } = 1000;
}
