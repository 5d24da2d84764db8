namespace SdnCtl.Api.Dtos;

/// <summary>
/// <c>POST /api/v1/intents</c>. Example:
/// <c>{"type":"host-to-host","src":"h1","dst":"h3","protected":true,"constraints":{"maxHops":4}}</c>, or
/// <c>{"type":"point-to-point","src":"s1:1","dst":"s3:1","match":{"ipProto":6,"dstPort":443}}</c>.
/// </summary>
/// <param name="Type"><c>host-to-host</c> (both directions) or <c>point-to-point</c> (one direction, switch:port to switch:port).</param>
/// <param name="Src">A host (name or MAC) for host-to-host; <c>switch:port</c> (switch name or datapath id) for point-to-point.</param>
/// <param name="Dst">As <paramref name="Src"/>.</param>
/// <param name="Match">Point-to-point only: which traffic (all when absent).</param>
/// <param name="Constraints">Path constraints.</param>
/// <param name="Protected">Install a link-disjoint backup behind OpenFlow fast-failover groups.</param>
/// <param name="Tenant">The owning tenant (tenant-scoped API keys see only their own).</param>
public sealed record IntentRequest(
    string? Type,
    string? Src,
    string? Dst,
    IntentMatchDto? Match = null,
    IntentConstraintsDto? Constraints = null,
    bool? Protected = null,
    string? Tenant = null);

/// <summary>Which traffic a point-to-point intent carries; IPv4 fields imply IPv4, ports need ipProto 6 or 17.</summary>
/// <param name="IpProto">IP protocol number, 0–255.</param>
/// <param name="Ipv4Src">Source network, <c>a.b.c.d/len</c> (or a single address).</param>
/// <param name="Ipv4Dst">Destination network.</param>
/// <param name="SrcPort">TCP/UDP source port, 0–65535.</param>
/// <param name="DstPort">TCP/UDP destination port, 0–65535.</param>
public sealed record IntentMatchDto(int? IpProto = null, string? Ipv4Src = null, string? Ipv4Dst = null, int? SrcPort = null, int? DstPort = null);

/// <summary>Path constraints of an intent.</summary>
/// <param name="MinBandwidthMbps">Free capacity held on every link of each direction's primary path (a bandwidth reservation).</param>
/// <param name="MaxLatencyMs">Most total link latency.</param>
/// <param name="MaxHops">Most switch-to-switch links.</param>
/// <param name="Avoid">Switches (names or datapath ids) not to cross.</param>
/// <param name="Waypoints">Switches the forward path visits in order.</param>
public sealed record IntentConstraintsDto(double? MinBandwidthMbps = null, double? MaxLatencyMs = null, int? MaxHops = null, IReadOnlyList<string>? Avoid = null, IReadOnlyList<string>? Waypoints = null);

/// <summary>An intent with its state.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Type"><c>host-to-host</c> or <c>point-to-point</c>.</param>
/// <param name="Src">As requested.</param>
/// <param name="Dst">As requested.</param>
/// <param name="State"><c>requested</c>, <c>installed</c>, <c>rerouted</c>, <c>failed</c> or <c>removed</c>.</param>
/// <param name="Reason">Why it is in that state (the failed constraint, the link that moved it, running unprotected…).</param>
/// <param name="FailedConstraint">While failed: the constraint no path met (<c>maxHops</c>, <c>minBandwidthMbps</c>, <c>avoid</c>, <c>waypoints</c>, <c>maxLatencyMs</c>, <c>protected</c>, <c>reachability</c>, <c>endpoint</c>…).</param>
/// <param name="Protected">Whether protection was asked.</param>
/// <param name="BackupInstalled">Whether every direction has its backup and fast-failover groups installed now.</param>
/// <param name="Tenant">The owner.</param>
/// <param name="Match">As requested.</param>
/// <param name="Constraints">As requested.</param>
/// <param name="Paths">One per direction (forward first) while installed or rerouted.</param>
/// <param name="History">State changes, oldest first.</param>
/// <param name="CreatedAt">When it was accepted.</param>
public sealed record IntentDto(
    long Id,
    string Type,
    string Src,
    string Dst,
    string State,
    string? Reason,
    string? FailedConstraint,
    bool Protected,
    bool BackupInstalled,
    string? Tenant,
    IntentMatchDto? Match,
    IntentConstraintsDto? Constraints,
    IReadOnlyList<IntentPathDto> Paths,
    IReadOnlyList<IntentTransitionDto> History,
    DateTimeOffset CreatedAt);

/// <summary>One direction's installed path.</summary>
/// <param name="Direction"><c>forward</c> (src to dst) or <c>reverse</c>.</param>
/// <param name="Hops">Ports in order as <c>switch:port</c>: the ingress port, each link's two ends, the egress port.</param>
/// <param name="Backup">The backup's ports likewise, when protected.</param>
/// <param name="FailoverSwitches">Switches whose rule outputs to a fast-failover group (primary port watched, backup port next).</param>
/// <param name="ReservationId">The bandwidth reservation held on the primary, when bandwidth was asked.</param>
/// <param name="LatencyMs">The primary's total link latency.</param>
public sealed record IntentPathDto(string Direction, IReadOnlyList<string> Hops, IReadOnlyList<string>? Backup, IReadOnlyList<string> FailoverSwitches, long? ReservationId, double LatencyMs);

/// <summary>One state change.</summary>
/// <param name="State">The state entered.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why.</param>
public sealed record IntentTransitionDto(string State, DateTimeOffset At, string? Reason);
