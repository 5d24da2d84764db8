using System.Collections.Immutable;
using System.Globalization;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Flows;
using SdnCtl.Control.Intents;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Api.Intents;

/// <summary>
/// Checks an intent request and turns it into an <see cref="IntentSpec"/>, naming the first bad
/// field. Only the shape is checked here: whether a host or switch exists is the control plane's
/// question (an intent may wait, failed, for one that has not appeared yet).
/// </summary>
internal static class IntentRequestParser
{
    public const string HostToHost = "host-to-host";
    public const string PointToPoint = "point-to-point";

    private const int MaxNameLength = 256;
    private const int MaxListLength = 64;

    public static bool TryParse(IntentRequest? request, out IntentSpec spec, out FieldError? error)
    {
        spec = null!;
        error = null;
        if (request is null)
        {
            error = new FieldError("body", "a JSON body {\"type\", \"src\", \"dst\", …} is required");
            return false;
        }

        IntentKind kind;
        switch (request.Type)
        {
            case HostToHost:
                kind = IntentKind.HostToHost;
                break;
            case PointToPoint:
                kind = IntentKind.PointToPoint;
                break;
            default:
                error = new FieldError("type", request.Type is null ? $"type is required: {HostToHost} or {PointToPoint}" : $"'{request.Type}' is not {HostToHost} or {PointToPoint}");
                return false;
        }

        if (!TryEndpoint(kind, request.Src, "src", out error) || !TryEndpoint(kind, request.Dst, "dst", out error))
        {
            return false;
        }

        if (string.Equals(request.Src!.Trim(), request.Dst!.Trim(), StringComparison.Ordinal))
        {
            error = new FieldError("dst", "dst is the same as src");
            return false;
        }

        IntentMatch? match = null;
        if (request.Match is { } m)
        {
            if (kind == IntentKind.HostToHost)
            {
                error = new FieldError("match", "a host-to-host intent carries all traffic between the two hosts; match is for point-to-point intents");
                return false;
            }

            if (!TryMatch(m, out match, out error))
            {
                return false;
            }
        }

        IntentConstraints? constraints = null;
        if (request.Constraints is { } c && !TryConstraints(c, out constraints, out error))
        {
            return false;
        }

        if (request.Tenant is { } tenant && (string.IsNullOrWhiteSpace(tenant) || tenant.Length > MaxNameLength))
        {
            error = new FieldError("tenant", "tenant must be a non-empty name of at most 256 characters");
            return false;
        }

        spec = new IntentSpec(kind, request.Src.Trim(), request.Dst.Trim(), match, constraints, request.Protected ?? false, request.Tenant);
        return true;
    }

    private static bool TryEndpoint(IntentKind kind, string? text, string field, out FieldError? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxNameLength)
        {
            error = new FieldError(field, kind == IntentKind.HostToHost ? $"{field} must name a host (name or MAC)" : $"{field} must be switch:port");
            return false;
        }

        if (kind == IntentKind.PointToPoint)
        {
            int colon = text.LastIndexOf(':');
            if (colon <= 0 || !uint.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out uint port) || port is 0 or > OpenFlow.OfpPortNo.Max)
            {
                error = new FieldError(field, $"'{text}' is not switch:port (a switch name or datapath id, a colon, a port number 1–{OpenFlow.OfpPortNo.Max})");
                return false;
            }
        }

        return true;
    }

    internal static bool TryMatch(IntentMatchDto m, out IntentMatch? match, out FieldError? error, string at = "match")
    {
        match = null;
        error = null;
        if (m.IpProto is { } proto && proto is < 0 or > 255)
        {
            error = new FieldError(at + ".ipProto", $"{proto} is outside 0–255");
            return false;
        }

        Ipv4Prefix? src = null, dst = null;
        if (m.Ipv4Src is { } s)
        {
            if (!TryPrefix(s, out Ipv4Prefix p, out string? problem))
            {
                error = new FieldError(at + ".ipv4Src", problem);
                return false;
            }

            src = p;
        }

        if (m.Ipv4Dst is { } d)
        {
            if (!TryPrefix(d, out Ipv4Prefix p, out string? problem))
            {
                error = new FieldError(at + ".ipv4Dst", problem);
                return false;
            }

            dst = p;
        }

        foreach ((int? port, string field) in new[] { (m.SrcPort, at + ".srcPort"), (m.DstPort, at + ".dstPort") })
        {
            if (port is not { } value)
            {
                continue;
            }

            if (value is < 0 or > ushort.MaxValue)
            {
                error = new FieldError(field, $"{value} is outside 0–65535");
                return false;
            }

            if (m.IpProto is not (6 or 17))
            {
                error = new FieldError(field, $"a port needs {at}.ipProto 6 (TCP) or 17 (UDP)");
                return false;
            }
        }

        match = new IntentMatch((byte?)m.IpProto, src, dst, (ushort?)m.SrcPort, (ushort?)m.DstPort);
        return true;
    }

    private static bool TryPrefix(string text, out Ipv4Prefix prefix, out string problem)
    {
        string withLength = text.Contains('/', StringComparison.Ordinal) ? text : text + "/32";
        if (Ipv4Prefix.TryParse(withLength, out prefix, out string? why))
        {
            problem = string.Empty;
            return true;
        }

        problem = $"'{text}': {why}";
        return false;
    }

    private static bool TryConstraints(IntentConstraintsDto c, out IntentConstraints? constraints, out FieldError? error)
    {
        constraints = null;
        error = null;
        if (c.MinBandwidthMbps is { } bw && (!double.IsFinite(bw) || bw <= 0 || bw > 1e9))
        {
            error = new FieldError("constraints.minBandwidthMbps", $"{bw.ToString(CultureInfo.InvariantCulture)} must be a positive number of Mbit/s");
            return false;
        }

        if (c.MaxLatencyMs is { } ms && (!double.IsFinite(ms) || ms <= 0 || ms > 1e9))
        {
            error = new FieldError("constraints.maxLatencyMs", $"{ms.ToString(CultureInfo.InvariantCulture)} must be a positive number of milliseconds");
            return false;
        }

        if (c.MaxHops is { } hops && hops is < 0 or > 10_000)
        {
            error = new FieldError("constraints.maxHops", $"{hops} is outside 0–10000");
            return false;
        }

        if (!TryNames(c.Avoid, "constraints.avoid", out ImmutableArray<string> avoid, out error) ||
            !TryNames(c.Waypoints, "constraints.waypoints", out ImmutableArray<string> waypoints, out error))
        {
            return false;
        }

        constraints = new IntentConstraints(c.MinBandwidthMbps, c.MaxLatencyMs, c.MaxHops, avoid, waypoints);
        return true;
    }

    private static bool TryNames(IReadOnlyList<string>? names, string field, out ImmutableArray<string> result, out FieldError? error)
    {
        result = default;
        error = null;
        if (names is null)
        {
            return true;
        }

        if (names.Count > MaxListLength)
        {
            error = new FieldError(field, $"at most {MaxListLength} switches");
            return false;
        }

        for (int i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Length > MaxNameLength)
            {
                error = new FieldError(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), "must name a switch (name or datapath id)");
                return false;
            }
        }

        result = [.. names.Select(n => n.Trim())];
        return true;
    }
}
