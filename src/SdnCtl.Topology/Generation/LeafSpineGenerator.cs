using System.Globalization;

namespace SdnCtl.Topology.Generation;

/// <summary>A two-tier Clos fabric: every leaf cabled to every spine. The conventions are documented on <see cref="TopologyGenerators.LeafSpine(int, int, int)"/>.</summary>
internal static class LeafSpineGenerator
{
    public static TopologyDocument Generate(int spines, int leaves, int hostsPerLeaf, int extraPorts)
    {
        var spineNames = new string[spines + 1];
        for (int s = 1; s <= spines; s++)
        {
            spineNames[s] = string.Create(CultureInfo.InvariantCulture, $"spine{s}");
        }

        var leafNames = new string[leaves + 1];
        for (int l = 1; l <= leaves; l++)
        {
            leafNames[l] = string.Create(CultureInfo.InvariantCulture, $"leaf{l}");
        }

        var builder = new NetworkBuilder(spines + leaves, spines * leaves, leaves * hostsPerLeaf, extraPorts);
        for (int s = 1; s <= spines; s++)
        {
            builder.AddSwitch(spineNames[s], leaves);
        }

        for (int l = 1; l <= leaves; l++)
        {
            builder.AddSwitch(leafNames[l], hostsPerLeaf + spines);
        }

        // Spine port l faces leaf l; leaf ports after its hosts face spine 1, 2, ...
        for (int s = 1; s <= spines; s++)
        {
            for (int l = 1; l <= leaves; l++)
            {
                builder.AddLink(spineNames[s], l, leafNames[l], hostsPerLeaf + s);
            }
        }

        int host = 0;
        for (int l = 1; l <= leaves; l++)
        {
            for (int port = 1; port <= hostsPerLeaf; port++)
            {
                host++;
                builder.AddHost(host, NetworkBuilder.SequentialIpv4(host), leafNames[l], port);
            }
        }

        return builder.Build(string.Create(CultureInfo.InvariantCulture, $"leaf-spine-{spines}x{leaves}x{hostsPerLeaf}"));
    }
}
