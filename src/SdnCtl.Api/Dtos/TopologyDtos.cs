namespace SdnCtl.Api.Dtos;

/// <summary>The whole discovered network at one snapshot version.</summary>
public sealed record TopologyDto(
    long Version,
    DateTimeOffset Timestamp,
    IReadOnlyList<SwitchDto> Switches,
    IReadOnlyList<LinkDto> Links,
    IReadOnlyList<HostDto> Hosts,
    TopologyDiffDto? Declared);

/// <summary>A connected datapath.</summary>
public sealed record SwitchDto(
    string Dpid,
    string? Name,
    string RemoteAddress,
    DateTimeOffset ConnectedSince,
    string Manufacturer,
    string Software,
    int Tables,
    IReadOnlyList<PortDto> Ports);

/// <summary>A switch port.</summary>
public sealed record PortDto(long Number, string Name, string Mac, bool Up, bool Edge, long SpeedKbps);

/// <summary>One end of a link.</summary>
public sealed record EndpointDto(string Dpid, string? Switch, long Port);

/// <summary>A discovered directed link (LLDP), with the declared bandwidth/latency when the topology file has it.</summary>
public sealed record LinkDto(EndpointDto Source, EndpointDto Destination, DateTimeOffset DiscoveredAt, double? BandwidthMbps, double? LatencyMs);

/// <summary>A learned host.</summary>
public sealed record HostDto(string Mac, string? Name, IReadOnlyList<string> Ipv4, EndpointDto Attachment, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>Differences between the topology file and what was discovered; empty lists when they agree.</summary>
public sealed record TopologyDiffDto(
    bool Matches,
    IReadOnlyList<string> MissingSwitches,
    IReadOnlyList<string> UnknownSwitches,
    IReadOnlyList<string> MissingLinks,
    IReadOnlyList<string> UnexpectedLinks);
