namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Group types (spec 7.3.4.2, <c>enum ofp_group_type</c>).</summary>
public enum GroupType : byte
{
    /// <summary>All buckets (multicast/broadcast).</summary>
    All = 0,
    /// <summary>One bucket chosen by the switch (load sharing).</summary>
    Select = 1,
    /// <summary>The single bucket.</summary>
    Indirect = 2,
    /// <summary>The first live bucket.</summary>
    FastFailover = 3,
}
