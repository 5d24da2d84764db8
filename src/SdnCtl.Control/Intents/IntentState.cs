namespace SdnCtl.Control.Intents;

/// <summary>Where an intent is in its life: requested → installed | failed; installed → rerouted → failed → installed again.</summary>
public enum IntentState
{
    /// <summary>Accepted, not yet compiled (the control loop has not run it yet).</summary>
    Requested,

    /// <summary>Its rules (and fast-failover groups) are on the switches along a path that meets every constraint.</summary>
    Installed,

    /// <summary>A topology change broke its path and it now runs on another one that meets every constraint.</summary>
    Rerouted,

    /// <summary>No path meets its constraints (the reason names which); nothing of it is on the switches. Retried on every topology change.</summary>
    Failed,

    /// <summary>Deleted: its rules and groups were removed. Only ever seen in the event that says so.</summary>
    Removed,
}
