namespace SdnCtl.Control.Intents;

/// <summary>
/// What an application asked for. Endpoints stay text and are resolved on every compilation, so an
/// intent may name a host that is not known yet or a switch that is down: it fails, saying so, and
/// is installed once the host or switch appears.
/// </summary>
/// <param name="Kind">Host-to-host or point-to-point.</param>
/// <param name="Source">A host (name or MAC) for host-to-host; <c>switch:port</c> (switch name or datapath id) for point-to-point.</param>
/// <param name="Destination">As <paramref name="Source"/>.</param>
/// <param name="Match">Point-to-point only: which traffic; <see langword="null"/> for all.</param>
/// <param name="Constraints">Path constraints; <see langword="null"/> for none.</param>
/// <param name="Protected">Install a link-disjoint backup behind fast-failover groups.</param>
/// <param name="Tenant">The owning tenant, for tenant-scoped API keys; <see langword="null"/> for the operator's own.</param>
public sealed record IntentSpec(
    IntentKind Kind,
    string Source,
    string Destination,
    IntentMatch? Match = null,
    IntentConstraints? Constraints = null,
    bool Protected = false,
    string? Tenant = null);
