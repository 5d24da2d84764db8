using System.Globalization;

namespace SdnCtl.Nfv.Firewall;

/// <summary>
/// Firewall configuration. With two interfaces it is a bump in the wire (what enters one leaves the
/// other); with one it is a one-armed waypoint of a service chain (what passes goes back out).
/// Frames that are not IPv4 (ARP, ...) pass untouched.
/// </summary>
public sealed class FirewallOptions : ApplianceOptions
{
    /// <summary>The rules, in the order they are tried.</summary>
    public List<FirewallRuleOptions> Rules { get; set; } = [];

    /// <summary>What happens to a new connection no rule matches.</summary>
    public FirewallAction DefaultAction { get; set; } = FirewallAction.Deny;

    /// <summary>Idle time after which a TCP connection is forgotten.</summary>
    public TimeSpan TcpTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Idle time after which a UDP flow is forgotten.</summary>
    public TimeSpan UdpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Idle time after which an ICMP echo or other-protocol flow is forgotten.</summary>
    public TimeSpan OtherTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most connections tracked at once; new connections beyond it are dropped.</summary>
    public int MaxConnections { get; set; } = 1_000_000;

    protected override int MaxInterfaces => 2;

    protected override void ValidateCore(List<OptionError> errors)
    {
        CheckTimeout(errors, "tcpTimeout", TcpTimeout);
        CheckTimeout(errors, "udpTimeout", UdpTimeout);
        CheckTimeout(errors, "otherTimeout", OtherTimeout);
        if (MaxConnections < 1)
        {
            errors.Add(new OptionError("maxConnections", $"{MaxConnections} must be at least 1"));
        }

        if (!Enum.IsDefined(DefaultAction))
        {
            errors.Add(new OptionError("defaultAction", $"{(int)DefaultAction} is not allow, deny or reject"));
        }

        if (Rules is null)
        {
            errors.Add(new OptionError("rules", "must be a list (it may be empty)"));
            return;
        }

        FirewallRuleSet.TryCompile(Rules, "rules", errors, out _);
    }

    internal static void CheckTimeout(List<OptionError> errors, string option, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(7))
        {
            errors.Add(new OptionError(option, string.Create(CultureInfo.InvariantCulture, $"{value} must be more than 0 and at most 7 days")));
        }
    }
}
