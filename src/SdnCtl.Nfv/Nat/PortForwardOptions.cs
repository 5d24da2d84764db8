namespace SdnCtl.Nfv.Nat;

/// <summary>A port forward: what arrives at the outside address on a port goes to an inside host's port.</summary>
public sealed class PortForwardOptions
{
    /// <summary><c>tcp</c> or <c>udp</c>.</summary>
    public string Protocol { get; set; } = "tcp";

    /// <summary>Port on the NAT's outside address, 1–65535.</summary>
    public int ExternalPort { get; set; }

    /// <summary>Inside host, on the inside subnet.</summary>
    public string InsideAddress { get; set; } = "";

    /// <summary>Port on the inside host, 1–65535.</summary>
    public int InsidePort { get; set; }
}
