using System.Globalization;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control.Network;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Api.Flows;

/// <summary>Reads the action text <see cref="FlowText.Action"/> writes (Open vSwitch style), so a GET's actions can be posted back.</summary>
internal static class ActionParser
{
    private static readonly string[] Verbs =
    [
        "output", "pop_vlan", "pop_pbb", "dec_ttl", "dec_mpls_ttl", "copy_ttl_in", "copy_ttl_out", "group", "set_queue",
        "set_nw_ttl", "set_mpls_ttl", "push_vlan", "push_mpls", "push_pbb", "pop_mpls", "set_field",
    ];

    private static readonly ushort[] VlanTypes = [0x8100, 0x88a8];
    private static readonly ushort[] MplsTypes = [0x8847, 0x8848];
    private static readonly ushort[] PbbTypes = [0x88e7];

    public static bool TryParse(string text, SwitchInfo? sw, out OfpAction action, out string problem)
    {
        action = default;
        problem = string.Empty;
        text = text.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        // The verb is looked up without a lower-cased copy: a 10,000-flow batch carries ~30,000 actions.
        string verb = Verb(colon < 0 ? text.AsSpan() : text.AsSpan(0, colon));
        string? arg = colon < 0 ? null : text[(colon + 1)..];
        switch (verb)
        {
            case "output":
                return TryOutput(text, arg, sw, out action, out problem);
            case "pop_vlan":
                return NoArgument(text, arg, OfpAction.PopVlan(), out action, out problem);
            case "pop_pbb":
                return NoArgument(text, arg, OfpAction.PopPbb(), out action, out problem);
            case "dec_ttl":
                return NoArgument(text, arg, OfpAction.DecNwTtl(), out action, out problem);
            case "dec_mpls_ttl":
                return NoArgument(text, arg, OfpAction.DecMplsTtl(), out action, out problem);
            case "copy_ttl_in":
                return NoArgument(text, arg, OfpAction.CopyTtlIn(), out action, out problem);
            case "copy_ttl_out":
                return NoArgument(text, arg, OfpAction.CopyTtlOut(), out action, out problem);
            case "group":
                return TryNumber(text, arg, uint.MaxValue, n => OfpAction.Group((uint)n), out action, out problem);
            case "set_queue":
                return TryNumber(text, arg, uint.MaxValue, n => OfpAction.SetQueue((uint)n), out action, out problem);
            case "set_nw_ttl":
                return TryNumber(text, arg, byte.MaxValue, n => OfpAction.SetNwTtl((byte)n), out action, out problem);
            case "set_mpls_ttl":
                return TryNumber(text, arg, byte.MaxValue, n => OfpAction.SetMplsTtl((byte)n), out action, out problem);
            case "push_vlan":
                return TryEtherType(text, arg ?? "0x8100", VlanTypes, t => OfpAction.PushVlan(t), out action, out problem);
            case "push_mpls":
                return TryEtherType(text, arg ?? "0x8847", MplsTypes, t => OfpAction.PushMpls(t), out action, out problem);
            case "push_pbb":
                return TryEtherType(text, arg ?? "0x88e7", PbbTypes, t => OfpAction.PushPbb(t), out action, out problem);
            case "pop_mpls":
                return TryEtherType(text, arg, null, OfpAction.PopMpls, out action, out problem);
            case "set_field":
                return TrySetField(text, arg, sw, out action, out problem);
            default:
                problem = $"unknown action '{text}'; known: output:PORT, group:N, set_queue:N, push_vlan[:0x8100], pop_vlan, push_mpls, pop_mpls:ETHERTYPE, " +
                    "push_pbb, pop_pbb, set_nw_ttl:N, dec_ttl, set_mpls_ttl:N, dec_mpls_ttl, copy_ttl_in, copy_ttl_out, set_field:VALUE->FIELD";
                return false;
        }
    }

    private static bool TryOutput(string text, string? arg, SwitchInfo? sw, out OfpAction action, out string problem)
    {
        action = default;
        problem = string.Empty;
        if (string.IsNullOrEmpty(arg))
        {
            problem = $"'{text}' needs a port: output:2, output:CONTROLLER, output:LOCAL, …";
            return false;
        }

        ushort maxLen = OfpConstants.ControllerMaxLenNoBuffer;
        string portText = arg;
        int colon = arg.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            portText = arg[..colon];
            if (!ushort.TryParse(arg.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out maxLen))
            {
                problem = $"'{text}': max_len after the port must be 0–65535";
                return false;
            }
        }

        if (!PortText.TryParse(portText, sw, out uint port) || port == OfpPortNo.Any)
        {
            problem = $"'{text}': '{portText}' is not a port number, a reserved port (IN_PORT, TABLE, NORMAL, FLOOD, ALL, CONTROLLER, LOCAL) or a port name of the switch";
            return false;
        }

        action = OfpAction.Output(port, maxLen);
        return true;
    }

    private static bool NoArgument(string text, string? arg, OfpAction value, out OfpAction action, out string problem)
    {
        action = value;
        problem = arg is null ? string.Empty : $"'{text}' takes no argument";
        return arg is null;
    }

    private static bool TryNumber(string text, string? arg, ulong max, Func<ulong, OfpAction> make, out OfpAction action, out string problem)
    {
        action = default;
        if (arg is null || !OxmValueParser.TryInteger(arg, out ulong n) || n > max)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"'{text}' needs a number 0–{max}");
            return false;
        }

        action = make(n);
        problem = string.Empty;
        return true;
    }

    private static bool TryEtherType(string text, string? arg, ushort[]? allowed, Func<ushort, OfpAction> make, out OfpAction action, out string problem)
    {
        action = default;
        if (arg is null || !OxmValueParser.TryInteger(arg, out ulong n) || n > ushort.MaxValue || (allowed is not null && !allowed.Contains((ushort)n)))
        {
            problem = allowed is null
                ? $"'{text}' needs an ethertype like 0x0800"
                : $"'{text}' needs an ethertype of {string.Join(" or ", allowed.Select(a => $"0x{a:x4}"))}";
            return false;
        }

        action = make((ushort)n);
        problem = string.Empty;
        return true;
    }

    private static bool TrySetField(string text, string? arg, SwitchInfo? sw, out OfpAction action, out string problem)
    {
        action = default;
        int arrow = arg?.LastIndexOf("->", StringComparison.Ordinal) ?? -1;
        if (arg is null || arrow < 0)
        {
            problem = $"'{text}' must read set_field:VALUE->FIELD, like set_field:100->vlan_vid";
            return false;
        }

        string fieldName = arg[(arrow + 2)..].Trim();
        if (!OxmText.TryParseName(fieldName, out OxmFieldId field))
        {
            problem = $"'{text}': '{fieldName}' is not a match field name";
            return false;
        }

        if (!OxmValueParser.TryParse(field, arg[..arrow], sw, allowMask: false, out OxmEntry entry, out string valueProblem))
        {
            problem = $"'{text}': {valueProblem}";
            return false;
        }

        action = OfpAction.SetField(entry);
        problem = string.Empty;
        return true;
    }

    // The known verb equal to `text` ignoring ASCII case (as ToLowerInvariant compared before), else "".
    private static string Verb(ReadOnlySpan<char> text)
    {
        foreach (string verb in Verbs)
        {
            if (text.Equals(verb, StringComparison.OrdinalIgnoreCase))
            {
                return verb;
            }
        }

        return string.Empty;
    }
}
