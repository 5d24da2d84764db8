namespace SdnCtl.Topology.Generation;

/// <summary>Why a generator cannot build a topology from its parameters.</summary>
/// <param name="Parameter">The YAML name of the parameter at fault (k, n, depth, hosts-per-leaf, extra-ports), or null when it is their combination.</param>
/// <param name="Message">The complete message, naming the bad value.</param>
internal sealed record GeneratorProblem(string? Parameter, string Message);
