using System.Text.Json.Nodes;

namespace SdnCtl.Control.Appliances;

/// <summary>
/// The controller's side of appliance life cycle and configuration (<c>/api/v1/appliances</c>).
/// Appliances run where the data plane hosts them; the host that runs them implements this
/// contract (for the simulator, the <c>sdnctl</c> wiring), so the controller never references the
/// data plane. Options travel as the kind's JSON options document; every change is all-or-nothing
/// and the desired state (kind and options per appliance) stays behind this interface, ready to be
/// persisted by a store.
/// </summary>
public interface IApplianceOrchestrator
{
    /// <summary>Every appliance, in creation order.</summary>
    IReadOnlyList<ApplianceState> List();

    /// <summary>One appliance, or null.</summary>
    ApplianceState? Get(string name);

    /// <summary>Creates an appliance from <c>{"name", "kind", "assembly"?, "interfaces", ...options}</c>.</summary>
    Task<ApplianceOutcome> CreateAsync(JsonObject body, CancellationToken cancellationToken);

    /// <summary>Replaces an appliance's whole configuration (same body as create; the name may be left out).</summary>
    Task<ApplianceOutcome> ReplaceAsync(string name, JsonObject body, CancellationToken cancellationToken);

    /// <summary>Stops and removes an appliance.</summary>
    Task<ApplianceOutcome> DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Reads a kind-specific sub-resource: <c>rules</c> (firewall), <c>routes</c> (router), <c>forwards</c> and <c>translations</c> (NAT).</summary>
    ApplianceOutcome ReadSection(string name, string section);

    /// <summary>Replaces a sub-resource as a whole (the firewall's ordered <c>rules</c>).</summary>
    ApplianceOutcome ReplaceSection(string name, string section, JsonNode? body);

    /// <summary>Adds one entry to a sub-resource (a router <c>route</c>, a NAT <c>forward</c>).</summary>
    ApplianceOutcome AddToSection(string name, string section, JsonNode? body);

    /// <summary>Removes one entry of a sub-resource, identified by query values (<c>destination</c>; <c>protocol</c> and <c>externalPort</c>).</summary>
    ApplianceOutcome RemoveFromSection(string name, string section, IReadOnlyDictionary<string, string?> key);
}
