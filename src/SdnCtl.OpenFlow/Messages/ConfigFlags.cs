namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>IP fragment handling in SET_CONFIG (spec 7.3.2, <c>enum ofp_config_flags</c>); a 2-bit field, not flags.</summary>
public enum ConfigFlags : ushort
{
    /// <summary>No special handling for fragments.</summary>
    FragNormal = 0,
    /// <summary>Drop fragments.</summary>
    FragDrop = 1,
    /// <summary>Reassemble (only with OFPC_IP_REASM).</summary>
    FragReasm = 2,
    /// <summary>Mask of the fragment bits.</summary>
    FragMask = 3,
}
