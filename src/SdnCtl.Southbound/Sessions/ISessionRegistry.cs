namespace SdnCtl.Southbound.Sessions;

/// <summary>The server's table of live sessions, as a session sees it.</summary>
internal interface ISessionRegistry
{
    /// <summary>Tracks a newly accepted session (for shutdown) before it has a datapath id.</summary>
    void Track(SwitchSession session);

    /// <summary>
    /// Makes <paramref name="session"/> the one for its datapath id and returns the session it
    /// displaced, if any; the caller closes that one.
    /// </summary>
    SwitchSession? Register(SwitchSession session);

    /// <summary>Forgets <paramref name="session"/>; a newer session for the same datapath stays.</summary>
    void Unregister(SwitchSession session);
}
