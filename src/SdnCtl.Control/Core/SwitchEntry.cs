using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;

namespace SdnCtl.Control.Core;

/// <summary>Loop-owned state of one connected datapath.</summary>
internal sealed class SwitchEntry
{
    public SwitchEntry(ISwitchConnection connection, DateTimeOffset connectedSince, string? name)
    {
        Connection = connection;
        DatapathId = connection.DatapathId;
        ConnectedSince = connectedSince;
        Name = name;
    }

    public ISwitchConnection Connection { get; }

    public ulong DatapathId { get; }

    public DateTimeOffset ConnectedSince { get; }

    public string? Name { get; set; }

    /// <summary>Physical ports only (reserved numbers such as LOCAL are not kept).</summary>
    public SortedDictionary<uint, PortEntry> Ports { get; } = [];

    /// <summary>The snapshot form, rebuilt only after this switch (or a link on it) changed.</summary>
    public SwitchInfo? Info { get; set; }
}
