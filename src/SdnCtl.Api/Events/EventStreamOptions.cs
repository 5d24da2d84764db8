namespace SdnCtl.Api.Events;

/// <summary>Settings of <c>GET /api/v1/events</c>.</summary>
public sealed class EventStreamOptions
{
    /// <summary>
    /// How long the stream may stay silent before a <c>: heartbeat</c> comment line is sent, so that
    /// proxies and load balancers do not close an idle stream (many cut at 30–60 s).
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(15);
}
