using System.Collections.Frozen;
using System.Text;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control.Events;
using SdnCtl.Control.Network;

namespace SdnCtl.Api.Events;

/// <summary>
/// Network events as the event stream sends them: a snake_case type named after the event record
/// (<c>LinkDownEvent</c> is <c>link_down</c>) and a payload with datapath ids and MACs written the way
/// the rest of the API writes them.
/// </summary>
internal static class EventText
{
    /// <summary>Every event type the control plane defines, found by reflection so that new ones are streamed and filterable at once.</summary>
    public static FrozenSet<string> KnownTypes { get; } = typeof(NetworkEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(NetworkEvent)) && !t.IsAbstract)
        .Select(t => TypeName(t))
        .ToFrozenSet(StringComparer.Ordinal);

    public static string TypeName(Type type)
    {
        string name = type.Name.EndsWith("Event", StringComparison.Ordinal) ? type.Name[..^"Event".Length] : type.Name;
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    public static object Payload(NetworkEvent e) => e switch
    {
        SwitchUpEvent up => new { dpid = DatapathIds.Format(up.DatapathId), up.RemoteAddress },
        SwitchDownEvent down => new { dpid = DatapathIds.Format(down.DatapathId), down.Reason },
        PortUpEvent up => new { port = Port(up.Port) },
        PortDownEvent down => new { port = Port(down.Port), down.Removed },
        LinkUpEvent up => new { src = Port(up.Link.Source), dst = Port(up.Link.Destination) },
        LinkDownEvent down => new { src = Port(down.Link.Source), dst = Port(down.Link.Destination), reason = down.Reason.ToString() },
        HostLearnedEvent learned => new
        {
            mac = OxmText.Mac(learned.Host.Mac),
            learned.Host.Name,
            ipv4 = learned.Host.Ipv4Addresses.Select(a => a.ToString()).ToArray(),
            at = Port(learned.Host.Attachment),
        },
        HostMovedEvent moved => new { mac = OxmText.Mac(moved.Mac), from = Port(moved.From), to = Port(moved.To) },
        HostRemovedEvent removed => new { mac = OxmText.Mac(removed.Mac), lastAttachment = Port(removed.LastAttachment) },
        IntentEvent intent => new { id = intent.IntentId, intent.Tenant, state = intent.State.ToString().ToLowerInvariant(), intent.Reason },
        RerouteEvent reroute => new { reroute.Cause, reroute.Destinations, reroute.FlowMods, durationMs = reroute.Duration.TotalMilliseconds },
        FlowRemovedEvent removed => new
        {
            dpid = DatapathIds.Format(removed.DatapathId),
            cookie = "0x" + removed.Cookie.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
            table = removed.TableId,
            removed.Priority,
            match = removed.Match.ToDictionary(m => OxmText.Name(m.Field), m => OxmText.Value(m), StringComparer.Ordinal),
            reason = ReasonText(removed.Reason),
            duration = removed.Duration.TotalSeconds,
            removed.IdleTimeout,
            removed.HardTimeout,
            packets = removed.PacketCount,
            bytes = removed.ByteCount,
        },
        _ => e,
    };

    private static string ReasonText(OpenFlow.Messages.FlowRemovedReason reason) => reason switch
    {
        OpenFlow.Messages.FlowRemovedReason.IdleTimeout => "idle_timeout",
        OpenFlow.Messages.FlowRemovedReason.HardTimeout => "hard_timeout",
        OpenFlow.Messages.FlowRemovedReason.Delete => "delete",
        OpenFlow.Messages.FlowRemovedReason.GroupDelete => "group_delete",
        _ => ((int)reason).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static object Port(SwitchPort p) => new { dpid = DatapathIds.Format(p.DatapathId), port = p.PortNo };
}
