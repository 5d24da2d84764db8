namespace SdnCtl.DataPlane.Packets;

/// <summary>Outcome of a TTL action.</summary>
public enum TtlResult
{
    /// <summary>The TTL was changed.</summary>
    Ok,

    /// <summary>The packet has no header with that TTL; nothing changed.</summary>
    NotApplicable,

    /// <summary>The TTL expired (was 0 or 1 before a decrement); the packet must not be forwarded.</summary>
    Expired,
}
