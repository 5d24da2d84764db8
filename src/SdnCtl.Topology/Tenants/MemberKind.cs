namespace SdnCtl.Topology.Tenants;

/// <summary>The three classic ways a host joins a segment; when several apply to one host, port beats MAC beats subnet.</summary>
public enum MemberKind
{
    /// <summary>Everything on a switch port (an access port, untagged toward the host).</summary>
    Port,

    /// <summary>The host with a MAC address, wherever it is attached (it keeps its segment when it moves).</summary>
    Mac,

    /// <summary>Hosts whose source IPv4 address is in a subnet.</summary>
    Subnet,
}
