namespace SdnCtl.Southbound.Tests;

/// <summary>
/// Tests whose outcome depends on the fake switch answering within a few hundred milliseconds run
/// alone, not beside the flood and fuzz tests that saturate a two-core machine.
/// </summary>
[CollectionDefinition(nameof(TimingSensitive), DisableParallelization = true)]
public sealed class TimingSensitive
{
}
