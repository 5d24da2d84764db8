using System.Globalization;

namespace SdnCtl.Topology.Generation;

/// <summary>Mininet's LinearTopo: a chain of switches, one host on each. The conventions are documented on <see cref="TopologyGenerators.Linear(int)"/>.</summary>
internal static class LinearGenerator
{
    public static TopologyDocument Generate(int n, int extraPorts)
    {
        var names = new string[n + 1];
        for (int i = 1; i <= n; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"s{i}");
        }

        var builder = new NetworkBuilder(n, n - 1, n, extraPorts);
        for (int i = 1; i <= n; i++)
        {
            builder.AddSwitch(names[i], 1 + (i > 1 ? 1 : 0) + (i < n ? 1 : 0));
        }

        // Port 1 faces the host, port 2 the previous switch, the last port the next switch.
        for (int i = 1; i < n; i++)
        {
            builder.AddLink(names[i], i == 1 ? 2 : 3, names[i + 1], 2);
        }

        for (int i = 1; i <= n; i++)
        {
            builder.AddHost(i, NetworkBuilder.SequentialIpv4(i), names[i], 1);
        }

        return builder.Build(string.Create(CultureInfo.InvariantCulture, $"linear-{n}"));
    }
}
