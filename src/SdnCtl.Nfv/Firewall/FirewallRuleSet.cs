using System.Globalization;
using SdnCtl.Nfv.Packets;

namespace SdnCtl.Nfv.Firewall;

/// <summary>Rules compiled to masks and ranges, tried in order for each new connection.</summary>
internal sealed class FirewallRuleSet
{
    /// <summary>Protocol value meaning "any protocol".</summary>
    public const int AnyProtocol = -1;

    private FirewallRuleSet(Rule[] rules) => Rules = rules;

    public Rule[] Rules { get; }

    /// <summary>Compiles every rule, or adds an error naming each bad field and returns false.</summary>
    public static bool TryCompile(IReadOnlyList<FirewallRuleOptions> options, string path, List<OptionError> errors, out FirewallRuleSet? ruleSet)
    {
        ruleSet = null;
        int before = errors.Count;
        var rules = new Rule[options.Count];
        for (int i = 0; i < options.Count; i++)
        {
            string at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            FirewallRuleOptions? o = options[i];
            if (o is null)
            {
                errors.Add(new OptionError(at, "is null"));
                continue;
            }

            if (!Enum.IsDefined(o.Action))
            {
                errors.Add(new OptionError(at + ".action", $"{(int)o.Action} is not allow, deny or reject"));
            }

            int protocol = ParseProtocol(o.Protocol);
            if (protocol == int.MinValue)
            {
                errors.Add(new OptionError(at + ".protocol", $"'{o.Protocol}' is not any, tcp, udp, icmp or a number 0–255"));
            }

            if (!Ipv4Prefix.TryParse(o.Source, network: true, out Ipv4Prefix source, out string? sourceError))
            {
                errors.Add(new OptionError(at + ".source", sourceError!));
            }

            if (!Ipv4Prefix.TryParse(o.Destination, network: true, out Ipv4Prefix destination, out string? destinationError))
            {
                errors.Add(new OptionError(at + ".destination", destinationError!));
            }

            bool ported = protocol is IpProtocol.Tcp or IpProtocol.Udp;
            PortRange sourcePorts = ParsePorts(o.SourcePorts, ported, at + ".sourcePorts", errors);
            PortRange destinationPorts = ParsePorts(o.DestinationPorts, ported, at + ".destinationPorts", errors);
            if (o.IcmpType is { } icmpType)
            {
                if (protocol != IpProtocol.Icmp)
                {
                    errors.Add(new OptionError(at + ".icmpType", "needs protocol icmp"));
                }
                else if (icmpType is < 0 or > 255)
                {
                    errors.Add(new OptionError(at + ".icmpType", $"{icmpType} is not 0–255"));
                }
            }

            rules[i] = new Rule(o.Name, o.Action, protocol, source.Network, source.Mask, destination.Network, destination.Mask, sourcePorts, destinationPorts, o.IcmpType ?? -1);
        }

        if (errors.Count > before)
        {
            return false;
        }

        ruleSet = new FirewallRuleSet(rules);
        return true;
    }

    private static int ParseProtocol(string? text) => text?.ToUpperInvariant() switch
    {
        "ANY" => AnyProtocol,
        "TCP" => IpProtocol.Tcp,
        "UDP" => IpProtocol.Udp,
        "ICMP" => IpProtocol.Icmp,
        _ => byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte number) ? number : int.MinValue,
    };

    private static PortRange ParsePorts(string? text, bool ported, string at, List<OptionError> errors)
    {
        if (text is null)
        {
            return PortRange.All;
        }

        if (!ported)
        {
            errors.Add(new OptionError(at, "needs protocol tcp or udp"));
            return PortRange.All;
        }

        if (!PortRange.TryParse(text, out PortRange range, out string? error))
        {
            errors.Add(new OptionError(at, error!));
        }

        return range;
    }

    /// <summary>A compiled rule with its hit counter.</summary>
    internal sealed class Rule(
        string? name, FirewallAction action, int protocol, uint source, uint sourceMask, uint destination, uint destinationMask,
        PortRange sourcePorts, PortRange destinationPorts, int icmpType)
    {
        public string? Name { get; } = name;

        public FirewallAction Action { get; } = action;

        public long Hits { get; set; }

        public bool Matches(in Ipv4Packet packet, ReadOnlySpan<byte> frame)
        {
            if ((protocol != AnyProtocol && protocol != packet.Protocol)
                || (packet.Source & sourceMask) != source
                || (packet.Destination & destinationMask) != destination)
            {
                return false;
            }

            if (protocol is IpProtocol.Tcp or IpProtocol.Udp)
            {
                // A later fragment has no ports: it cannot match a rule that asks for ports.
                if (!packet.HasPorts)
                {
                    return sourcePorts == PortRange.All && destinationPorts == PortRange.All;
                }

                return sourcePorts.Contains(packet.SourcePort(frame)) && destinationPorts.Contains(packet.DestinationPort(frame));
            }

            return icmpType < 0 || (packet.HasPorts && frame[packet.L4] == icmpType);
        }
    }
}
