using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// What the pipeline hands to <see cref="IPacketOutput.PacketIn"/>: the PACKET_IN fields except
/// the frame, which travels separately as a span (spec 7.4.1).
/// </summary>
/// <param name="Reason">Why the packet is sent.</param>
/// <param name="TableId">Table of the entry that sent it.</param>
/// <param name="Cookie">Cookie of that entry (all ones when none, e.g. for packet-out).</param>
/// <param name="InPort">Ingress port.</param>
/// <param name="Metadata">Pipeline metadata at that point.</param>
/// <param name="TunnelId">tunnel_id at that point.</param>
/// <param name="MaxLen">max_len of the output action (OFPCML_NO_BUFFER = whole packet).</param>
public readonly record struct PacketInEvent(PacketInReason Reason, byte TableId, ulong Cookie, uint InPort, ulong Metadata, ulong TunnelId, ushort MaxLen);
