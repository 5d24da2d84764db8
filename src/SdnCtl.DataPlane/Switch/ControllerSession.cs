using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Switch;

/// <summary>
/// One controller connected to a switch (spec 6.3): its channel, negotiated version, role and
/// asynchronous-message filters. A switch can have several (master/slave/equal).
/// </summary>
public sealed class ControllerSession
{
    // OFPR_* / OFPPR_* / OFPRR_* bits. Spec 7.3.10 defaults: a master or equal controller gets
    // everything, a slave only port status.
    private const uint AllPacketInReasons = (1u << (int)PacketInReason.NoMatch) | (1u << (int)PacketInReason.Action) | (1u << (int)PacketInReason.InvalidTtl);
    private const uint AllPortReasons = (1u << (int)PortReason.Add) | (1u << (int)PortReason.Delete) | (1u << (int)PortReason.Modify);
    private const uint AllFlowRemovedReasons = (1u << (int)FlowRemovedReason.IdleTimeout) | (1u << (int)FlowRemovedReason.HardTimeout) |
                                               (1u << (int)FlowRemovedReason.Delete) | (1u << (int)FlowRemovedReason.GroupDelete);

    internal ControllerSession(IControllerChannel channel, int id)
    {
        Channel = channel;
        Id = id;
        FlushAction = Flush;
    }

    /// <summary>Session number within its switch.</summary>
    public int Id { get; }

    /// <summary>The connection.</summary>
    public IControllerChannel Channel { get; }

    /// <summary>True once the controller's HELLO was accepted.</summary>
    public bool HelloReceived { get; internal set; }

    /// <summary>True after the connection was closed or detached.</summary>
    public bool IsClosed { get; internal set; }

    /// <summary>Role (spec 6.3.4); EQUAL until a ROLE_REQUEST changes it.</summary>
    public ControllerRole Role { get; internal set; } = ControllerRole.Equal;

    /// <summary>packet-in reason masks: [0] master/equal, [1] slave.</summary>
    public uint[] PacketInMask { get; } = [AllPacketInReasons, 0];

    /// <summary>port-status reason masks: [0] master/equal, [1] slave.</summary>
    public uint[] PortStatusMask { get; } = [AllPortReasons, AllPortReasons];

    /// <summary>flow-removed reason masks: [0] master/equal, [1] slave.</summary>
    public uint[] FlowRemovedMask { get; } = [AllFlowRemovedReasons, 0];

    internal bool HasPendingWrites { get; set; }

    /// <summary><see cref="Flush"/> as a delegate made once: the transport posts it after every read burst.</summary>
    internal Action FlushAction { get; }

    internal bool Wants(uint[] mask, int reason) => (mask[Role == ControllerRole.Slave ? 1 : 0] & (1u << reason)) != 0;

    internal void Send(OfpMessage message)
    {
        Channel.Send(message);
        HasPendingWrites = true;
    }

    internal void Flush()
    {
        if (HasPendingWrites && !IsClosed)
        {
            HasPendingWrites = false;
            Channel.Flush();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"session {Id} role={Role}";
}
