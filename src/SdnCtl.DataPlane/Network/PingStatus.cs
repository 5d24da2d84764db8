namespace SdnCtl.DataPlane.Network;

/// <summary>Result kinds of <see cref="SimulatedNetwork.PingAsync(string, string, TimeSpan, CancellationToken)"/>.</summary>
public enum PingStatus
{
    /// <summary>The echo reply came back.</summary>
    Replied,

    /// <summary>No reply (or no ARP answer) within the timeout.</summary>
    TimedOut,

    /// <summary>The source is not a host of the network, or the destination is neither a host nor an IPv4 address.</summary>
    UnknownHost,
}
