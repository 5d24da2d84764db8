namespace SdnCtl.Topology;

/// <summary>Upper bounds on what one topology may hold.</summary>
/// <remarks>
/// A few characters of YAML (a generator parameter, a port count, an alias repeated in a list)
/// can ask for millions of objects; these bounds turn such a file into a load error instead of
/// an out-of-memory crash. They sit far above any network the simulator can run (fat-tree k=48
/// has 2,880 switches and 55,296 links).
/// </remarks>
internal static class TopologyLimits
{
    public const int MaxSwitches = 100_000;
    public const int MaxLinks = 1_000_000;
    public const int MaxHosts = 1_000_000;
    public const int MaxPortsPerSwitch = 4_096;
    public const long MaxTotalPorts = 8_000_000;
    public const int MaxExtraPorts = 64;
}
