using SdnCtl.Control.Network;

namespace SdnCtl.Control.Core;

/// <summary>Loop-owned state of one learned host.</summary>
internal sealed class HostEntry
{
    public HostEntry(ulong mac, SwitchPort attachment, DateTimeOffset now, string? name)
    {
        Mac = mac;
        Attachment = attachment;
        FirstSeen = now;
        LastSeen = now;
        Name = name;
    }

    public ulong Mac { get; }

    public string? Name { get; set; }

    public SwitchPort Attachment { get; set; }

    public DateTimeOffset FirstSeen { get; }

    public DateTimeOffset LastSeen { get; set; }

    /// <summary>IPv4 addresses (host order), most recent last.</summary>
    public List<uint> Ipv4 { get; } = [];

    public HostInfo? Info { get; set; }
}
