using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control;

/// <summary>
/// What a command passed to <see cref="IControlPlane.InvokeAsync{T}"/> sees. It runs on the control
/// loop between two network events, so everything here is consistent and nothing else changes
/// while it runs; it must be quick and must not block. Valid only during the call.
/// </summary>
public interface IControlContext
{
    /// <summary>The topology including every event processed before the command.</summary>
    TopologySnapshot Topology { get; }

    /// <summary>The control plane's clock.</summary>
    DateTimeOffset Now { get; }

    /// <summary>The session of a connected switch, or <see langword="null"/>.</summary>
    ISwitchConnection? GetSwitch(ulong datapathId);

    /// <summary>
    /// Queues a message for a switch; it is flushed with everything else the command queued once
    /// the command returns.
    /// </summary>
    /// <returns>False when no switch with that datapath id is connected.</returns>
    bool Send(ulong datapathId, OfpMessage message);
}
