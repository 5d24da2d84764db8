namespace SdnCtl.Nfv;

/// <summary>Configuration of one virtual interface of an appliance.</summary>
public sealed class InterfaceOptions
{
    /// <summary>Interface name, unique within the appliance (e.g. <c>inside</c>, <c>eth0</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>MAC address, <c>02:00:00:00:00:01</c>.</summary>
    public string Mac { get; set; } = "";

    /// <summary>IPv4 address with prefix length, <c>10.0.0.1/24</c>; optional for layer-2 appliances.</summary>
    public string? Address { get; set; }

    /// <summary>
    /// Where the interface is plugged in (a switch port <c>s1:3</c> or a segment name). Opaque to the
    /// appliance: the data plane that hosts it interprets it.
    /// </summary>
    public string? Attachment { get; set; }
}
