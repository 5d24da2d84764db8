namespace SdnCtl.OpenFlow;

/// <summary>Reserved port numbers (spec 7.2.1, <c>enum ofp_port_no</c>).</summary>
public static class OfpPortNo
{
    /// <summary>Maximum number of physical and logical switch ports.</summary>
    public const uint Max = 0xffffff00;
    /// <summary>Send the packet out the input port.</summary>
    public const uint InPort = 0xfffffff8;
    /// <summary>Submit the packet to the first flow table.</summary>
    public const uint Table = 0xfffffff9;
    /// <summary>Forward using non-OpenFlow pipeline.</summary>
    public const uint Normal = 0xfffffffa;
    /// <summary>Flood using non-OpenFlow pipeline.</summary>
    public const uint Flood = 0xfffffffb;
    /// <summary>All standard ports except the input port.</summary>
    public const uint All = 0xfffffffc;
    /// <summary>Send to the controller.</summary>
    public const uint Controller = 0xfffffffd;
    /// <summary>Local OpenFlow "port".</summary>
    public const uint Local = 0xfffffffe;
    /// <summary>Wildcard port used only for flow mod (delete) and flow stats requests.</summary>
    public const uint Any = 0xffffffff;
}
