namespace SdnCtl.Control.Forwarding;

/// <summary>
/// What the reactive fast path answered on an I/O thread, for the loop to apply: the sender to learn
/// and the rule it installed (toward <paramref name="Destination"/> out of <paramref name="OutPort"/> on
/// the connection's switch).
/// </summary>
/// <param name="Source">The frame's source MAC.</param>
/// <param name="Destination">The frame's destination MAC, a host the answer delivered to.</param>
/// <param name="InPort">The PACKET_IN's in_port.</param>
/// <param name="OutPort">The destination host's port, where the rule and the PACKET_OUT send it.</param>
/// <param name="SenderIp">The sender's IPv4 address from ARP or IPv4, 0 when none.</param>
/// <param name="Learnable">True when the frame can teach where its sender is (see HostTracker.TryReadSender).</param>
internal readonly record struct FastAnswer(
    ulong Source,
    ulong Destination,
    uint InPort,
    uint OutPort,
    uint SenderIp,
    bool Learnable);
