using System.Diagnostics;
using SdnCtl.Topology.Values;

namespace SdnCtl.Topology.Generation;

/// <summary>
/// Fills exactly-sized arrays for a generated topology. Datapath ids are 1, 2, 3… in the order
/// switches are added; every switch gets its used ports plus the requested spare ports.
/// </summary>
internal sealed class NetworkBuilder
{
    /// <summary>Generated hosts live in Mininet's default network, 10.0.0.0/8.</summary>
    public const int HostPrefixLength = Ipv4Text.DefaultPrefixLength;

    private readonly SwitchSpec[] _switches;
    private readonly LinkSpec[] _links;
    private readonly HostSpec[] _hosts;
    private readonly int _extraPorts;
    private int _switchCount;
    private int _linkCount;
    private int _hostCount;

    public NetworkBuilder(int switches, int links, int hosts, int extraPorts)
    {
        _switches = new SwitchSpec[switches];
        _links = new LinkSpec[links];
        _hosts = new HostSpec[hosts];
        _extraPorts = extraPorts;
    }

    /// <summary>10.0.0.0 + n: host 1 is 10.0.0.1, host 256 is 10.0.1.0 (a valid host address in a /8).</summary>
    public static uint SequentialIpv4(int hostNumber) => 0x0A00_0000u + (uint)hostNumber;

    public void AddSwitch(string name, int usedPorts)
    {
        var ports = new PortSpec[usedPorts + _extraPorts];
        for (int i = 0; i < ports.Length; i++)
        {
            uint number = (uint)i + 1;
            ports[i] = new PortSpec(number, PortSpec.DefaultName(name, number));
        }

        _switches[_switchCount] = new SwitchSpec(name, (ulong)_switchCount + 1, ports);
        _switchCount++;
    }

    public void AddLink(string a, int aPort, string b, int bPort) =>
        _links[_linkCount++] = new LinkSpec(new PortRef(a, (uint)aPort), new PortRef(b, (uint)bPort));

    /// <summary>Adds host <paramref name="hostNumber"/> (1-based), named h{n} with MAC n.</summary>
    public void AddHost(int hostNumber, uint ipv4, string switchName, int port)
    {
        string name = string.Concat("h", hostNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _hosts[_hostCount++] = new HostSpec(name, (ulong)hostNumber, Ipv4Text.ToIPAddress(ipv4), HostPrefixLength, new PortRef(switchName, (uint)port));
    }

    public TopologyDocument Build(string name)
    {
        Debug.Assert(_switchCount == _switches.Length && _linkCount == _links.Length && _hostCount == _hosts.Length, "the generator's counts disagree with what it built");
        return new TopologyDocument(name, null, _switches, _links, _hosts);
    }
}
