namespace SdnCtl.DataPlane.Hosts;

/// <summary>Outcome of <see cref="SimulatedHost.PingAsync(uint, ushort, ushort, TimeSpan, CancellationToken)"/>.</summary>
public enum EchoStatus
{
    /// <summary>The echo reply arrived.</summary>
    Replied,

    /// <summary>The destination (or gateway) never answered ARP, so no echo request was sent.</summary>
    ArpFailed,

    /// <summary>The echo request was sent but no reply arrived in time.</summary>
    TimedOut,
}
