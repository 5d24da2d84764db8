using System.Globalization;

namespace SdnCtl.Topology.Generation;

/// <summary>The k-ary fat-tree of Al-Fares et al. (SIGCOMM 2008). The conventions are documented on <see cref="TopologyGenerators.FatTree(int)"/>.</summary>
internal static class FatTreeGenerator
{
    public static TopologyDocument Generate(int k, int extraPorts)
    {
        int half = k / 2;
        int coreCount = half * half;
        int switchCount = coreCount + (k * k);
        int linkCount = k * half * half * 2;
        int hostCount = k * half * half;

        var cores = new string[coreCount + 1];
        for (int c = 1; c <= coreCount; c++)
        {
            cores[c] = string.Create(CultureInfo.InvariantCulture, $"c{c}");
        }

        var aggregations = new string[k + 1, half + 1];
        var edges = new string[k + 1, half + 1];
        for (int pod = 1; pod <= k; pod++)
        {
            for (int i = 1; i <= half; i++)
            {
                aggregations[pod, i] = string.Create(CultureInfo.InvariantCulture, $"a{pod}_{i}");
                edges[pod, i] = string.Create(CultureInfo.InvariantCulture, $"e{pod}_{i}");
            }
        }

        var builder = new NetworkBuilder(switchCount, linkCount, hostCount, extraPorts);
        for (int c = 1; c <= coreCount; c++)
        {
            builder.AddSwitch(cores[c], k);
        }

        for (int pod = 1; pod <= k; pod++)
        {
            for (int i = 1; i <= half; i++)
            {
                builder.AddSwitch(aggregations[pod, i], k);
            }

            for (int i = 1; i <= half; i++)
            {
                builder.AddSwitch(edges[pod, i], k);
            }
        }

        // Aggregation switch i of every pod reaches the i-th group of k/2 cores; core port p faces pod p.
        for (int pod = 1; pod <= k; pod++)
        {
            for (int i = 1; i <= half; i++)
            {
                for (int j = 1; j <= half; j++)
                {
                    builder.AddLink(cores[((i - 1) * half) + j], pod, aggregations[pod, i], half + j);
                }
            }
        }

        for (int pod = 1; pod <= k; pod++)
        {
            for (int i = 1; i <= half; i++)
            {
                for (int e = 1; e <= half; e++)
                {
                    builder.AddLink(aggregations[pod, i], e, edges[pod, e], half + i);
                }
            }
        }

        int host = 0;
        for (int pod = 1; pod <= k; pod++)
        {
            for (int e = 1; e <= half; e++)
            {
                for (int port = 1; port <= half; port++)
                {
                    host++;
                    uint ipv4 = 0x0A00_0000u | ((uint)pod << 16) | ((uint)e << 8) | (uint)port;
                    builder.AddHost(host, ipv4, edges[pod, e], port);
                }
            }
        }

        return builder.Build(string.Create(CultureInfo.InvariantCulture, $"fat-tree-k{k}"));
    }
}
