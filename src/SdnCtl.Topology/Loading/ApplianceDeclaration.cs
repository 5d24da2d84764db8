using SdnCtl.Topology.Appliances;
using SdnCtl.Topology.Yaml;

namespace SdnCtl.Topology.Loading;

/// <summary>An appliance as read from the file, before the cross-checks with switches, hosts and tenants.</summary>
internal sealed class ApplianceDeclaration
{
    public required string Name { get; init; }

    public required TextPosition NamePosition { get; init; }

    public required string Kind { get; init; }

    public string? Assembly { get; init; }

    public string? Tenant { get; init; }

    public TextPosition TenantPosition { get; init; }

    public required List<ApplianceInterfaceDeclaration> Interfaces { get; init; }

    public required string OptionsJson { get; init; }

    public required ApplianceSource Source { get; init; }

    public override string ToString() => $"appliance '{Name}' at line {NamePosition.Line}";
}

/// <summary>One interface of a declared appliance; values that were malformed are null (already reported).</summary>
internal sealed class ApplianceInterfaceDeclaration
{
    public required string Name { get; init; }

    public ulong? Mac { get; init; }

    public TextPosition MacPosition { get; init; }

    public string? Address { get; init; }

    public PortRef? Attachment { get; init; }

    public TextPosition AttachmentPosition { get; init; }

    public string? Segment { get; init; }

    public TextPosition SegmentPosition { get; init; }

    public required string Owner { get; init; }

    public override string ToString() => $"interface '{Name}' of {Owner}";
}
