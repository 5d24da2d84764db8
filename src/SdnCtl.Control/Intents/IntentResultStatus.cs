namespace SdnCtl.Control.Intents;

/// <summary>How an intent command ended.</summary>
public enum IntentResultStatus
{
    /// <summary>Done; the intent is installed or failed with its reason (a failure to find a path is a state, not an error).</summary>
    Accepted,

    /// <summary>No intent has that id.</summary>
    NotFound,

    /// <summary>An intent with that id, or the same endpoints and match, exists.</summary>
    Conflict,

    /// <summary>Refused as it stands: a field does not fit the current state (e.g. a chain's host is not a member of its tenant segment); nothing changed.</summary>
    Invalid,
}
