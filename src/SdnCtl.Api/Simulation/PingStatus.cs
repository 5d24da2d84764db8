namespace SdnCtl.Api.Simulation;

/// <summary>Result kinds of a simulated ping.</summary>
public enum PingStatus
{
    /// <summary>The echo reply came back.</summary>
    Replied,

    /// <summary>No reply within the timeout.</summary>
    TimedOut,

    /// <summary>A named host does not exist.</summary>
    UnknownHost,
}
