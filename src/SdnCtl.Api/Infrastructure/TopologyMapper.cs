using SdnCtl.Api.Dtos;
using SdnCtl.Control.Network;

namespace SdnCtl.Api.Infrastructure;

/// <summary>Snapshot records to DTOs.</summary>
internal static class TopologyMapper
{
    public static TopologyDto ToDto(TopologySnapshot s, TopologyDiff? diff) =>
        new(s.Version, s.Timestamp, s.Switches.Select(ToDto).ToArray(), s.Links.Select(l => ToDto(l, s)).ToArray(), s.Hosts.Select(h => ToDto(h, s)).ToArray(), diff is null ? null : ToDto(diff, s));

    public static SwitchDto ToDto(SwitchInfo sw) =>
        new(DatapathIds.Format(sw.DatapathId), sw.Name, sw.RemoteAddress, sw.ConnectedSince, sw.Manufacturer, sw.Software, sw.TableCount,
            sw.Ports.Select(p => new PortDto(p.Number, p.Name, OxmText.Mac(p.HwAddr), p.IsUp, p.IsEdge, p.CurrentSpeedKbps)).ToArray());

    public static LinkDto ToDto(LinkInfo l, TopologySnapshot s) =>
        new(Endpoint(l.Source, s), Endpoint(l.Destination, s), l.DiscoveredAt, l.BandwidthMbps, l.LatencyMs);

    public static HostDto ToDto(HostInfo h, TopologySnapshot s) =>
        new(OxmText.Mac(h.Mac), h.Name, h.Ipv4Addresses.Select(a => a.ToString()).ToArray(), Endpoint(h.Attachment, s), h.FirstSeen, h.LastSeen);

    public static EndpointDto Endpoint(SwitchPort p, TopologySnapshot s) =>
        new(DatapathIds.Format(p.DatapathId), s.FindSwitch(p.DatapathId)?.Name, p.PortNo);

    public static TopologyDiffDto ToDto(TopologyDiff d, TopologySnapshot s) =>
        new(
            d.IsEmpty,
            d.MissingSwitches.Select(x => $"{x.Name} ({DatapathIds.Format(x.DatapathId)})").ToArray(),
            d.UnknownSwitches.Select(DatapathIds.Format).ToArray(),
            d.MissingLinks.Select(x => $"{x.A}-{x.B}").ToArray(),
            d.UnexpectedLinks.Select(x => $"{Name(x.Source, s)}-{Name(x.Destination, s)}").ToArray());

    private static string Name(SwitchPort p, TopologySnapshot s) =>
        $"{s.FindSwitch(p.DatapathId)?.Name ?? DatapathIds.Format(p.DatapathId)}:{p.PortNo}";
}
