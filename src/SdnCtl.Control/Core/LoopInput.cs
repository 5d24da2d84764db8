using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Core;

/// <summary>
/// One item on the control loop's channel. A struct, so that queueing a PACKET_IN costs no
/// allocation beyond the message the southbound already made.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Connection">The switch session it came from, for switch events.</param>
/// <param name="Message">The OpenFlow message, for message events.</param>
/// <param name="Payload">The disconnect reason, the failed request, the quiesce marker or the command.</param>
/// <param name="ReceivedAt">TimeProvider timestamp taken when it was enqueued, for reroute timing.</param>
/// <param name="Answer">For <see cref="LoopInputKind.FastAnswer"/>: what the fast path answered, carried inline so that it costs no allocation and keeps its place among the other inputs.</param>
internal readonly record struct LoopInput(
    LoopInputKind Kind,
    ISwitchConnection? Connection,
    OfpMessage? Message,
    object? Payload,
    long ReceivedAt,
    FastAnswer Answer = default);
