using SdnCtl.Topology.Tenants;
using SdnCtl.Topology.Yaml;

namespace SdnCtl.Topology.Loading;

/// <summary>A tenant as read from the file, before the checks that need switches and hosts.</summary>
internal sealed class TenantDeclaration
{
    public required string Name { get; init; }

    public required TextPosition NamePosition { get; init; }

    public List<SegmentDeclaration> Segments { get; } = [];

    public TenantRateLimit? RateLimit { get; set; }
}

/// <summary>A segment as read; <see cref="Id"/> is already range-checked.</summary>
internal sealed class SegmentDeclaration
{
    public required string Name { get; init; }

    public required TextPosition Position { get; init; }

    public required SegmentKind Kind { get; init; }

    public required uint Id { get; init; }

    public Ipv4Prefix? Subnet { get; init; }

    public byte Priority { get; init; }

    public List<MemberDeclaration> Members { get; } = [];
}

/// <summary>A member as read: a port, a MAC, a subnet, or a host name that stands for the host's MAC.</summary>
internal sealed class MemberDeclaration
{
    public required TextPosition Position { get; init; }

    public MemberSpec? Member { get; init; }

    /// <summary>Set for <c>host: name</c>; resolved to a MAC member by the assembler.</summary>
    public string? HostName { get; init; }
}
