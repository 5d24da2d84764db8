namespace SdnCtl.OpenFlow.Messages;

#pragma warning disable CA1028 // Wire enums keep the spec's underlying width.

/// <summary>Port features and speeds (spec 7.2.1, <c>enum ofp_port_features</c>).</summary>
[Flags]
public enum PortFeatures : uint
{
    /// <summary>No feature.</summary>
    None = 0,
    /// <summary>10 Mb half duplex.</summary>
    Rate10MbHd = 1,
    /// <summary>10 Mb full duplex.</summary>
    Rate10MbFd = 2,
    /// <summary>100 Mb half duplex.</summary>
    Rate100MbHd = 4,
    /// <summary>100 Mb full duplex.</summary>
    Rate100MbFd = 8,
    /// <summary>1 Gb half duplex.</summary>
    Rate1GbHd = 16,
    /// <summary>1 Gb full duplex.</summary>
    Rate1GbFd = 32,
    /// <summary>10 Gb full duplex.</summary>
    Rate10GbFd = 64,
    /// <summary>40 Gb full duplex.</summary>
    Rate40GbFd = 128,
    /// <summary>100 Gb full duplex.</summary>
    Rate100GbFd = 256,
    /// <summary>1 Tb full duplex.</summary>
    Rate1TbFd = 512,
    /// <summary>Other rate, not in the list.</summary>
    Other = 1024,
    /// <summary>Copper medium.</summary>
    Copper = 2048,
    /// <summary>Fiber medium.</summary>
    Fiber = 4096,
    /// <summary>Auto-negotiation.</summary>
    Autoneg = 8192,
    /// <summary>Pause.</summary>
    Pause = 16384,
    /// <summary>Asymmetric pause.</summary>
    PauseAsym = 32768,
}
