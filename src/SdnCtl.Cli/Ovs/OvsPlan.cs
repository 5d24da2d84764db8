using System.Globalization;
using SdnCtl.Topology;

namespace SdnCtl.Cli.Ovs;

/// <summary>
/// The commands that build a topology file's network on the local Open vSwitch, Mininet-style but
/// without Mininet: every switch an OVS bridge (userspace datapath, OpenFlow 1.3, fail-mode secure,
/// the file's datapath id, connected to the controller), every link a veth or patch pair whose ends
/// carry the file's port names and numbers, every host a network namespace with the file's MAC and
/// IPv4 address on <c>eth0</c>. Pure: it only decides; <see cref="OvsNetwork"/> runs the steps.
/// </summary>
internal sealed class OvsPlan
{
    /// <summary>Linux IFNAMSIZ is 16 including the terminating NUL.</summary>
    public const int MaxInterfaceName = 15;

    /// <summary>The interface a host sees inside its namespace.</summary>
    public const string HostInterface = "eth0";

    private OvsPlan(IReadOnlyList<OvsStep> steps, OvsInventory inventory)
    {
        Steps = steps;
        Inventory = inventory;
    }

    /// <summary>The build, in order. Step <c>i</c> may only be run after every earlier one succeeded.</summary>
    public IReadOnlyList<OvsStep> Steps { get; }

    /// <summary>What the build creates; its teardown removes it.</summary>
    public OvsInventory Inventory { get; }

    /// <summary>Plans the build, or names the first thing in the file that Linux or OVS cannot carry.</summary>
    public static bool TryCreate(TopologyDocument document, OvsPlanOptions options, out OvsPlan plan, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        plan = null!;
        var steps = new List<OvsStep>();
        var inventory = new OvsInventory();
        var interfaceNames = new HashSet<string>(StringComparer.Ordinal);

        foreach (var sw in document.Switches)
        {
            if ((problem = CheckInterfaceName($"switch '{sw.Name}'", sw.Name, interfaceNames)) is not null)
            {
                return false;
            }

            inventory.Bridges.Add(sw.Name);
            steps.Add(Vsctl(
                "--", "--may-exist", "add-br", sw.Name,
                "--", "set", "bridge", sw.Name,
                "datapath_type=netdev", "protocols=OpenFlow13", "fail-mode=secure",
                "other-config:datapath-id=" + sw.DatapathId.ToString("x16", CultureInfo.InvariantCulture),
                // In-band control would add hidden flows for the controller's address; it is reached out of band.
                "other-config:disable-in-band=true",
                "--", "--id=@c", "create", "controller",
                $"target=\"{options.Controller}\"",
                "max_backoff=" + options.MaxBackoffMs.ToString(CultureInfo.InvariantCulture),
                "--", "set", "bridge", sw.Name, "controller=@c"));
        }

        foreach (var link in document.Links)
        {
            if (!TryPort(document, link.A, interfaceNames, out string a, out problem)
                || !TryPort(document, link.B, interfaceNames, out string b, out problem))
            {
                return false;
            }

            if (options.Links == OvsLinkKind.Patch)
            {
                steps.Add(Vsctl(
                    "--", "add-port", link.A.Switch, a, "--", "set", "interface", a, "type=patch", "options:peer=" + b, OfPort(link.A),
                    "--", "add-port", link.B.Switch, b, "--", "set", "interface", b, "type=patch", "options:peer=" + a, OfPort(link.B)));
                continue;
            }

            inventory.Veths.Add(a);
            steps.Add(new OvsStep("ip", ["link", "add", a, "type", "veth", "peer", "name", b]));
            AddSwitchSide(steps, link.A, a);
            AddSwitchSide(steps, link.B, b);
        }

        foreach (var host in document.Hosts)
        {
            if (!TryPort(document, host.Attachment, interfaceNames, out string port, out problem))
            {
                return false;
            }

            inventory.Namespaces.Add(host.Name);
            inventory.Veths.Add(port);
            steps.Add(new OvsStep("ip", ["netns", "add", host.Name]));
            steps.Add(new OvsStep("ip", ["link", "add", port, "type", "veth", "peer", "name", HostInterface, "netns", host.Name]));
            // No IPv6: router solicitations and MLD reports would be packet-ins and floods nobody asked for.
            steps.Add(new OvsStep("ip", ["netns", "exec", host.Name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"]));
            steps.Add(Ip(host.Name, "link", "set", HostInterface, "address", MacFormat.Format(host.Mac)));
            steps.Add(Ip(host.Name, "addr", "add", $"{host.Ipv4}/{host.PrefixLength.ToString(CultureInfo.InvariantCulture)}", "dev", HostInterface));
            steps.Add(Ip(host.Name, "link", "set", "lo", "up"));
            steps.Add(Ip(host.Name, "link", "set", HostInterface, "up"));
            AddSwitchSide(steps, host.Attachment, port);
        }

        plan = new OvsPlan(steps, inventory);
        problem = null;
        return true;
    }

    private static void AddSwitchSide(List<OvsStep> steps, PortRef at, string name)
    {
        steps.Add(new OvsStep("sysctl", ["-qw", $"net.ipv6.conf.{name}.disable_ipv6=1"]));
        steps.Add(new OvsStep("ip", ["link", "set", name, "up"]));
        steps.Add(Vsctl("--", "add-port", at.Switch, name, "--", "set", "interface", name, OfPort(at)));
    }

    private static bool TryPort(TopologyDocument document, PortRef at, HashSet<string> used, out string name, out string? problem)
    {
        // The loader guarantees the switch and port exist; the name is the file's (default s1-eth2).
        var port = document.FindSwitch(at.Switch)?.FindPort(at.Port);
        name = port?.Name ?? PortSpec.DefaultName(at.Switch, at.Port);
        problem = CheckInterfaceName($"port {at}", name, used);
        return problem is null;
    }

    private static string? CheckInterfaceName(string what, string name, HashSet<string> used)
    {
        if (name.Length > MaxInterfaceName)
        {
            return $"{what}: the interface name '{name}' is longer than Linux's {MaxInterfaceName} characters; give it a shorter name in the file";
        }

        if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains(':', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            return $"{what}: '{name}' is not a valid Linux interface name";
        }

        // sysctl reads '.' as a path separator, and OVS would confuse a port named like a bridge with the bridge.
        if (name.Contains('.', StringComparison.Ordinal))
        {
            return $"{what}: '{name}' contains '.', which OVS and sysctl interface paths do not accept here";
        }

        return used.Add(name) ? null : $"{what}: the interface name '{name}' is used twice";
    }

    private static string OfPort(PortRef at) => "ofport_request=" + at.Port.ToString(CultureInfo.InvariantCulture);

    private static OvsStep Vsctl(params string[] arguments) => new("ovs-vsctl", ["--timeout=10", .. arguments]);

    private static OvsStep Ip(string ns, params string[] arguments) => new("ip", ["-n", ns, .. arguments]);
}
