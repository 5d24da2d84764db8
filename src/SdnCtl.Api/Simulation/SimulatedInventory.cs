namespace SdnCtl.Api.Simulation;

/// <summary>What the simulated network holds, by name.</summary>
public sealed record SimulatedInventory(IReadOnlyList<string> Hosts, IReadOnlyList<string> Switches);
