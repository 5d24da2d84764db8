using SdnCtl.Topology.Generation;

namespace SdnCtl.Topology;

/// <summary>
/// Builds the classic test topologies, the same ones a topology file gets with its
/// <c>generate:</c> section.
/// </summary>
/// <remarks>
/// <para>Every generator is deterministic and shares these conventions:</para>
/// <list type="bullet">
/// <item>Datapath ids are 1, 2, 3… in the order the switches are listed in <see cref="TopologyDocument.Switches"/>.</item>
/// <item>
/// Ports are numbered from 1 on every switch, <b>downward-facing ports first</b> (hosts, or
/// switches of the tier below, in index order), then upward-facing ports (switches of the tier
/// above, in index order). Port names are <see cref="PortSpec.DefaultName"/>, <c>{switch}-eth{n}</c>.
/// </item>
/// <item>In every <see cref="LinkSpec"/>, <see cref="LinkSpec.A"/> is the upper switch (nearer the root, core or spine) and <see cref="LinkSpec.B"/> the lower; links have the default bandwidth and latency.</item>
/// <item>
/// Hosts are <c>h1</c>, <c>h2</c>… in the order listed; host <c>h{n}</c> has MAC <c>n</c>
/// (<c>h1</c> is 00:00:00:00:00:01) and prefix length 8 (Mininet's 10.0.0.0/8). Its IPv4 address
/// is 10.0.0.0 + n (<c>h1</c> = 10.0.0.1, <c>h256</c> = 10.0.1.0) except in the fat-tree.
/// </item>
/// <item>Generated documents have a <see langword="null"/> <see cref="TopologyDocument.SourcePath"/>.</item>
/// </list>
/// <para>
/// Sizes are bounded (100,000 switches, 1,000,000 links, 1,000,000 hosts, 4,096 ports per
/// switch) so that a typo cannot ask for more memory than the machine has; fat-tree k=48 is
/// far inside them and is generated in milliseconds.
/// </para>
/// </remarks>
public static class TopologyGenerators
{
    /// <summary>
    /// A chain of <paramref name="n"/> switches with one host on each, as Mininet's LinearTopo.
    /// </summary>
    /// <param name="n">The number of switches, at least 1.</param>
    /// <returns>
    /// The document named <c>linear-{n}</c>: switches <c>s1</c>…<c>s{n}</c> (datapath id i for
    /// <c>s{i}</c>), links <c>s{i}</c>–<c>s{i+1}</c>, hosts <c>h{i}</c> on <c>s{i}:1</c> with
    /// 10.0.0.i/8. On each switch port 1 faces the host, port 2 the previous switch (or the next
    /// one on <c>s1</c>), port 3 the next switch, exactly as Mininet numbers them.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1 or too large.</exception>
    public static TopologyDocument Linear(int n) => Linear(n, 0);

    /// <summary>
    /// A complete tree of switches with <paramref name="fanout"/> children per switch and
    /// <paramref name="fanout"/> hosts on each leaf switch, as Mininet's TreeTopo.
    /// </summary>
    /// <param name="depth">The number of switch levels, at least 1 (depth 1 is one switch with <paramref name="fanout"/> hosts).</param>
    /// <param name="fanout">Children per switch, at least 1.</param>
    /// <returns>
    /// The document named <c>tree-d{depth}-f{fanout}</c> with (fanout^depth − 1)/(fanout − 1)
    /// switches and fanout^depth hosts. Switches are <c>s1</c>, <c>s2</c>… numbered breadth-first:
    /// <c>s1</c> is the root and the children of <c>s{i}</c> are <c>s{f(i−1)+2}</c>…<c>s{f(i−1)+f+1}</c>.
    /// Ports 1…fanout face the children (or hosts, on leaves); port fanout+1 faces the parent.
    /// Hosts are numbered left to right across the leaves.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is less than 1, or the tree is too large.</exception>
    public static TopologyDocument Tree(int depth, int fanout) => Tree(depth, fanout, 0);

    /// <summary>
    /// The k-ary fat-tree of Al-Fares, Loukissas and Vahdat (SIGCOMM 2008): (k/2)² core switches
    /// and k pods of k/2 aggregation and k/2 edge switches, every switch with k ports, and k/2
    /// hosts per edge switch.
    /// </summary>
    /// <param name="k">The port count of every switch: even, at least 2.</param>
    /// <returns>
    /// The document named <c>fat-tree-k{k}</c> with 5k²/4 switches, k³/2 switch links and k³/4
    /// hosts (k=4: 20, 32, 16; k=48: 2,880, 55,296, 27,648). Switches are listed cores first,
    /// <c>c1</c>…<c>c{(k/2)²}</c>, then pod by pod (p = 1…k) the aggregation switches
    /// <c>a{p}_1</c>…<c>a{p}_{k/2}</c> followed by the edge switches <c>e{p}_1</c>…<c>e{p}_{k/2}</c>;
    /// datapath ids follow that order. Ports: core port p faces pod p; aggregation
    /// <c>a{p}_{i}</c> ports 1…k/2 face <c>e{p}_1</c>…<c>e{p}_{k/2}</c> and port k/2+j faces core
    /// <c>c{(i−1)k/2+j}</c>; edge <c>e{p}_{i}</c> ports 1…k/2 face its hosts and port k/2+j faces
    /// <c>a{p}_{j}</c>. Links are listed core–aggregation first, then aggregation–edge, each by pod.
    /// Hosts are numbered pod by pod, edge by edge; the host on port j of <c>e{p}_{i}</c> has the
    /// classic address 10.p.i.j/8.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is odd, less than 2, or too large.</exception>
    public static TopologyDocument FatTree(int k) => FatTree(k, 0);

    /// <summary>A two-tier leaf-spine (Clos) fabric: every leaf cabled to every spine, hosts on the leaves.</summary>
    /// <param name="spines">The number of spine switches, at least 1.</param>
    /// <param name="leaves">The number of leaf switches, at least 1.</param>
    /// <param name="hostsPerLeaf">Hosts on each leaf, 0 or more.</param>
    /// <returns>
    /// The document named <c>leaf-spine-{spines}x{leaves}x{hostsPerLeaf}</c>: spines
    /// <c>spine1</c>…, then leaves <c>leaf1</c>… (datapath ids in that order), spines×leaves links
    /// listed spine by spine. Spine port l faces <c>leaf{l}</c>; leaf ports 1…hostsPerLeaf face its
    /// hosts and port hostsPerLeaf+s faces <c>spine{s}</c>. Hosts are numbered leaf by leaf.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, or the fabric is too large.</exception>
    public static TopologyDocument LeafSpine(int spines, int leaves, int hostsPerLeaf) => LeafSpine(spines, leaves, hostsPerLeaf, 0);

    /// <summary>Like <see cref="Linear(int)"/>, with <paramref name="extraPorts"/> unused ports appended to every switch.</summary>
    internal static TopologyDocument Linear(int n, int extraPorts)
    {
        ThrowIf(GeneratorChecks.Linear(n, extraPorts));
        return LinearGenerator.Generate(n, extraPorts);
    }

    /// <summary>Like <see cref="Tree(int, int)"/>, with <paramref name="extraPorts"/> unused ports appended to every switch.</summary>
    internal static TopologyDocument Tree(int depth, int fanout, int extraPorts)
    {
        ThrowIf(GeneratorChecks.Tree(depth, fanout, extraPorts));
        return TreeGenerator.Generate(depth, fanout, extraPorts);
    }

    /// <summary>Like <see cref="FatTree(int)"/>, with <paramref name="extraPorts"/> unused ports appended to every switch.</summary>
    internal static TopologyDocument FatTree(int k, int extraPorts)
    {
        ThrowIf(GeneratorChecks.FatTree(k, extraPorts));
        return FatTreeGenerator.Generate(k, extraPorts);
    }

    /// <summary>Like <see cref="LeafSpine(int, int, int)"/>, with <paramref name="extraPorts"/> unused ports appended to every switch.</summary>
    internal static TopologyDocument LeafSpine(int spines, int leaves, int hostsPerLeaf, int extraPorts)
    {
        ThrowIf(GeneratorChecks.LeafSpine(spines, leaves, hostsPerLeaf, extraPorts));
        return LeafSpineGenerator.Generate(spines, leaves, hostsPerLeaf, extraPorts);
    }

    private static void ThrowIf(GeneratorProblem? problem)
    {
        if (problem is not null)
        {
            string? parameter = problem.Parameter switch
            {
                "hosts-per-leaf" => "hostsPerLeaf",
                "extra-ports" => "extraPorts",
                var name => name,
            };
            throw new ArgumentOutOfRangeException(parameter, problem.Message);
        }
    }
}
