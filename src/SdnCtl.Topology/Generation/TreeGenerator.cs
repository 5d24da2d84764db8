using System.Globalization;

namespace SdnCtl.Topology.Generation;

/// <summary>Mininet's TreeTopo, numbered breadth-first. The conventions are documented on <see cref="TopologyGenerators.Tree(int, int)"/>.</summary>
internal static class TreeGenerator
{
    public static TopologyDocument Generate(int depth, int fanout, int extraPorts)
    {
        int switchCount = 0;
        int levelWidth = 1;
        for (int level = 0; level < depth; level++)
        {
            switchCount += levelWidth;
            if (level < depth - 1)
            {
                levelWidth *= fanout;
            }
        }

        // levelWidth is now the number of leaf switches.
        int firstLeaf = switchCount - levelWidth;
        int hostCount = levelWidth * fanout;
        var names = new string[switchCount];
        for (int i = 0; i < switchCount; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"s{i + 1}");
        }

        var builder = new NetworkBuilder(switchCount, switchCount - 1, hostCount, extraPorts);
        for (int i = 0; i < switchCount; i++)
        {
            builder.AddSwitch(names[i], i == 0 ? fanout : fanout + 1);
        }

        // Heap numbering: the children of switch i (0-based) are fanout*i+1 .. fanout*i+fanout.
        // Ports 1..fanout face the children, port fanout+1 the parent.
        for (int parent = 0; parent < firstLeaf; parent++)
        {
            for (int c = 1; c <= fanout; c++)
            {
                builder.AddLink(names[parent], c, names[(fanout * parent) + c], fanout + 1);
            }
        }

        int host = 0;
        for (int leaf = firstLeaf; leaf < switchCount; leaf++)
        {
            for (int port = 1; port <= fanout; port++)
            {
                host++;
                builder.AddHost(host, NetworkBuilder.SequentialIpv4(host), names[leaf], port);
            }
        }

        return builder.Build(string.Create(CultureInfo.InvariantCulture, $"tree-d{depth}-f{fanout}"));
    }
}
