using System.Text.Json.Nodes;

namespace SdnCtl.Control.Appliances;

/// <summary>An appliance as the controller sees it: its desired configuration and its live counters.</summary>
/// <param name="Name">Appliance name.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Interfaces">Its interfaces and where they are cabled.</param>
/// <param name="Options">The kind's options document, as it would be posted again.</param>
/// <param name="Counters">Counters by name (<c>frames-in</c>, <c>frames-out:inside</c>, ...).</param>
public sealed record ApplianceState(string Name, string Kind, IReadOnlyList<ApplianceInterfaceState> Interfaces, JsonObject Options, IReadOnlyDictionary<string, long> Counters)
{
    /// <summary>The tenant that owns it (see <see cref="StoredApplianceOrchestrator"/>), or <see langword="null"/> for an admin-owned appliance.</summary>
    public string? Tenant { get; init; }
}

/// <summary>One interface of an appliance.</summary>
/// <param name="Name">Interface name.</param>
/// <param name="Mac">MAC as text.</param>
/// <param name="Address">IPv4 address with prefix, or null.</param>
/// <param name="Attachment">The switch port it is cabled to, or null.</param>
public sealed record ApplianceInterfaceState(string Name, string Mac, string? Address, string? Attachment);
