using System.Globalization;

namespace SdnCtl.Topology.Generation;

/// <summary>
/// Parameter rules of the generators, shared by <see cref="TopologyGenerators"/> (which throws)
/// and the YAML loader (which reports them at the offending parameter).
/// </summary>
/// <remarks>
/// Sizes are computed in <see cref="double"/> so that a tree of depth 40 and fanout 40, whose
/// switch count overflows any integer type, is still a clean "too large" error.
/// </remarks>
internal static class GeneratorChecks
{
    public static GeneratorProblem? Linear(int n, int extraPorts)
    {
        if (n < 1)
        {
            return new("n", Invariant($"linear n must be at least 1, but is {n}"));
        }

        return ExtraPorts(extraPorts)
            ?? Size(Invariant($"linear n={n}"), "n", switches: n, links: n - 1.0, hosts: n, portsPerSwitch: 3 + extraPorts);
    }

    public static GeneratorProblem? Tree(int depth, int fanout, int extraPorts)
    {
        if (depth < 1)
        {
            return new("depth", Invariant($"tree depth must be at least 1, but is {depth}"));
        }

        if (fanout < 1)
        {
            return new("fanout", Invariant($"tree fanout must be at least 1, but is {fanout}"));
        }

        double switches = 0;
        double level = 1;
        for (int i = 0; i < depth && switches <= TopologyLimits.MaxSwitches; i++)
        {
            switches += level;
            level *= fanout;
        }

        double hosts = Math.Pow(fanout, depth);
        return ExtraPorts(extraPorts)
            ?? Size(Invariant($"a tree of depth {depth} and fanout {fanout}"), null, switches, switches - 1, hosts, fanout + 1.0 + extraPorts);
    }

    public static GeneratorProblem? FatTree(int k, int extraPorts)
    {
        if (k < 2)
        {
            return new("k", Invariant($"fat-tree k must be at least 2, but is {k}"));
        }

        if (k % 2 != 0)
        {
            return new("k", Invariant($"fat-tree k must be even (each switch splits its k ports half up, half down), but is {k}"));
        }

        double kk = k;
        return ExtraPorts(extraPorts)
            ?? Size(Invariant($"a fat-tree with k={k}"), "k", switches: 5 * kk * kk / 4, links: kk * kk * kk / 2, hosts: kk * kk * kk / 4, portsPerSwitch: kk + extraPorts);
    }

    public static GeneratorProblem? LeafSpine(int spines, int leaves, int hostsPerLeaf, int extraPorts)
    {
        if (spines < 1)
        {
            return new("spines", Invariant($"leaf-spine spines must be at least 1, but is {spines}"));
        }

        if (leaves < 1)
        {
            return new("leaves", Invariant($"leaf-spine leaves must be at least 1, but is {leaves}"));
        }

        if (hostsPerLeaf < 0)
        {
            return new("hosts-per-leaf", Invariant($"leaf-spine hosts-per-leaf must not be negative, but is {hostsPerLeaf}"));
        }

        return ExtraPorts(extraPorts)
            ?? Size(
                Invariant($"a leaf-spine with {spines} spines, {leaves} leaves and {hostsPerLeaf} hosts per leaf"),
                null,
                switches: (double)spines + leaves,
                links: (double)spines * leaves,
                hosts: (double)leaves * hostsPerLeaf,
                portsPerSwitch: Math.Max(leaves, (double)hostsPerLeaf + spines) + extraPorts);
    }

    private static GeneratorProblem? ExtraPorts(int extraPorts) =>
        extraPorts is < 0 or > TopologyLimits.MaxExtraPorts
            ? new("extra-ports", Invariant($"extra-ports must be 0–{TopologyLimits.MaxExtraPorts}, but is {extraPorts}"))
            : null;

    private static GeneratorProblem? Size(string what, string? parameter, double switches, double links, double hosts, double portsPerSwitch)
    {
        string? excess =
            switches > TopologyLimits.MaxSwitches ? Invariant($"more than {TopologyLimits.MaxSwitches:N0} switches")
            : links > TopologyLimits.MaxLinks ? Invariant($"more than {TopologyLimits.MaxLinks:N0} links")
            : hosts > TopologyLimits.MaxHosts ? Invariant($"more than {TopologyLimits.MaxHosts:N0} hosts")
            : portsPerSwitch > TopologyLimits.MaxPortsPerSwitch ? Invariant($"switches with more than {TopologyLimits.MaxPortsPerSwitch:N0} ports")
            : switches * portsPerSwitch > TopologyLimits.MaxTotalPorts ? Invariant($"more than {TopologyLimits.MaxTotalPorts:N0} ports in all")
            : null;
        return excess is null ? null : new(parameter, $"{what} would have {excess}, more than a topology may hold");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
