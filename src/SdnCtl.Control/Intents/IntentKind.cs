namespace SdnCtl.Control.Intents;

/// <summary>What an intent connects.</summary>
public enum IntentKind
{
    /// <summary>Two hosts, both directions: traffic from one host's MAC to the other's.</summary>
    HostToHost,

    /// <summary>One switch port to another, one direction, optionally only traffic that matches <see cref="IntentMatch"/>.</summary>
    PointToPoint,
}
