namespace SdnCtl.Cli.Ovs;

/// <summary>How a topology link between two switches is built.</summary>
internal enum OvsLinkKind
{
    /// <summary>A veth pair: a kernel interface at each end, so tcpdump can watch the link.</summary>
    Veth,

    /// <summary>An OVS patch port pair: no kernel interfaces, frames never leave ovs-vswitchd.</summary>
    Patch,
}
