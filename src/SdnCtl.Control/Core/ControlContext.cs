using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Core;

/// <summary>The loop's internals as handed to a command.</summary>
internal sealed class ControlContext : IControlContext
{
    public ControlContext(NetworkState state, Outbox outbox)
    {
        State = state;
        Outbox = outbox;
    }

    public NetworkState State { get; }

    public Outbox Outbox { get; }

    public TopologySnapshot Topology => State.GetSnapshot();

    public DateTimeOffset Now => State.Now;

    public ISwitchConnection? GetSwitch(ulong datapathId) => State.FindSwitch(datapathId)?.Connection;

    public bool Send(ulong datapathId, OfpMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (State.FindSwitch(datapathId) is null)
        {
            return false;
        }

        Outbox.Send(datapathId, message);
        return true;
    }
}
