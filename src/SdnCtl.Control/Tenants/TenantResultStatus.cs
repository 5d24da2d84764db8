namespace SdnCtl.Control.Tenants;

/// <summary>How a tenant command ended.</summary>
public enum TenantResultStatus
{
    /// <summary>Applied (or nothing to do).</summary>
    Ok,

    /// <summary>A new tenant, segment or member was added.</summary>
    Created,

    /// <summary>The tenant, segment or member does not exist.</summary>
    NotFound,

    /// <summary>Refused: it clashes with what exists (VID/VNI in use, port claimed, subnets overlap, duplicate name).</summary>
    Conflict,

    /// <summary>Refused: a value is out of range or malformed.</summary>
    Invalid,
}
