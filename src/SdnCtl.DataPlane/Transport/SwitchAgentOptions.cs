using SdnCtl.OpenFlow;

namespace SdnCtl.DataPlane.Transport;

/// <summary>Where and how a switch agent connects to its controller.</summary>
public sealed class SwitchAgentOptions
{
    /// <summary>Controller host name or address.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Controller TCP port.</summary>
    public int Port { get; init; } = OfpConstants.DefaultPort;

    /// <summary>First delay before reconnecting after a failed or dropped connection.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the exponential back-off.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often flow timeouts are checked.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>TLS to the controller (<c>ssl:</c>); <see langword="null"/> (the default) is plain TCP.</summary>
    public SwitchTlsOptions? Tls { get; init; }

    /// <summary>TCP connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
