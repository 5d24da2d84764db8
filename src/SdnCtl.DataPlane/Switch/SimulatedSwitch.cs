using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Packets;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Switch;

/// <summary>
/// A simulated OpenFlow 1.3 switch: a datapath with ports and a <see cref="SwitchPipeline"/>,
/// speaking to controllers through <see cref="IControllerChannel"/>s and to the network through
/// an <see cref="IFrameTransmitter"/>. It needs no network: tests feed it message bytes and
/// frames directly.
/// <para>
/// Threading: every public method may be called from any thread. All work runs one item at a
/// time on the switch's serial executor (see <see cref="Post"/>), so the pipeline needs no locks;
/// an idle switch runs the call inline on the caller's thread.
/// </para>
/// </summary>
public sealed partial class SimulatedSwitch
{
    private readonly SerialExecutor _executor;
    private readonly ILogger _logger;
    private readonly List<ControllerSession> _sessions = [];
    private readonly PacketBuffer _frame = new();
    private readonly OutputAdapter _output;
    private readonly Hello _localHello = Hello.ForVersions(OfpConstants.Version);
    private readonly FlowMod _flowMod = new();
    private int _nextSessionId;
    private ulong _generationId;
    private bool _generationIdDefined;

    /// <summary>Creates a switch with no ports.</summary>
    public SimulatedSwitch(SwitchOptions? options = null, TimeProvider? clock = null, ILogger<SimulatedSwitch>? logger = null)
    {
        Options = options ?? new SwitchOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _executor = new SerialExecutor(e => SwitchLog.ExecutorFailure(_logger, DatapathId, e));
        Pipeline = new SwitchPipeline(Options.Pipeline, clock);
        Pipeline.FlowRemoved = OnFlowRemoved;
        Pipeline.ReportFlaggedRemovalsOnly = true; // OnFlowRemoved sends nothing for the others
        MissSendLength = Options.MissSendLength;
        _output = new OutputAdapter(this);
    }

    /// <summary>Identity and sizing.</summary>
    public SwitchOptions Options { get; }

    /// <summary>
    /// True (the default) to apply plainly well-formed FLOW_MOD ADDs straight from their bytes
    /// (<see cref="SwitchPipeline.TryAddFlowFromWire"/>); false sends every FLOW_MOD through the decoder,
    /// which the tests use as the oracle the fast path must agree with.
    /// </summary>
    internal bool AddsFromWire { get; set; } = true;

    /// <summary>Datapath id.</summary>
    public ulong DatapathId => Options.DatapathId;

    /// <summary>The pipeline (tables, groups, meters, ports). Touch it only on the executor (inside <see cref="Post"/>) while the switch runs.</summary>
    public SwitchPipeline Pipeline { get; }

    /// <summary>Where frames leave the switch; null drops them.</summary>
    public IFrameTransmitter? FrameTransmitter { get; set; }

    /// <summary>Connected controllers.</summary>
    public IReadOnlyList<ControllerSession> Sessions => _sessions;

    /// <summary>OFPC_FRAG_* flags from SET_CONFIG.</summary>
    public ConfigFlags ConfigFlags { get; private set; }

    /// <summary>miss_send_len from SET_CONFIG: bytes of an INVALID_TTL packet sent to the controller.</summary>
    public ushort MissSendLength { get; private set; }

    /// <summary>Runs <paramref name="action"/> on the switch's executor (inline when idle, else queued in order).</summary>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _executor.Post(action);
    }

    /// <summary>Adds a port (up, live) and announces it with PORT_STATUS ADD.</summary>
    public SwitchPort AddPort(uint number, string? name = null, ulong? hwAddr = null, uint speedKbps = 10_000_000)
    {
        // Locally administered MAC derived from the datapath id and port number.
        var port = new SwitchPort(number, name ?? $"s{DatapathId}-eth{number}", hwAddr ?? (0x0200_0000_0000UL | ((DatapathId & 0xffffff) << 16) | (number & 0xffff)), speedKbps);
        Run(() =>
        {
            Pipeline.AddPort(port);
            SendPortStatus(PortReason.Add, port);
        });
        return port;
    }

    /// <summary>Adds a VXLAN tunnel port (see <see cref="VxlanPortConfig"/>) and announces it with PORT_STATUS ADD.</summary>
    public SwitchPort AddTunnelPort(uint number, string name, ulong hwAddr, VxlanPortConfig vxlan)
    {
        ArgumentNullException.ThrowIfNull(vxlan);
        var port = new SwitchPort(number, name, hwAddr) { Vxlan = vxlan };
        Run(() =>
        {
            Pipeline.AddPort(port);
            SendPortStatus(PortReason.Add, port);
        });
        return port;
    }

    /// <summary>Removes a port and announces it with PORT_STATUS DELETE.</summary>
    public void RemovePort(uint number) => Run(() =>
    {
        if (Pipeline.RemovePort(number) is { } port)
        {
            SendPortStatus(PortReason.Delete, port);
        }
    });

    /// <summary>
    /// Sets a port's link state (a network simulator cutting or restoring a link). A change is
    /// announced with PORT_STATUS MODIFY and immediately affects fast-failover groups.
    /// </summary>
    public void SetLinkDown(uint number, bool down) => Run(() =>
    {
        if (!Pipeline.Ports.TryGetValue(number, out var port))
        {
            return;
        }

        var state = down ? (port.State | PortState.LinkDown) & ~PortState.Live : port.State & ~PortState.LinkDown;
        if (!down && (port.Config & PortConfig.PortDown) == 0)
        {
            state |= PortState.Live;
        }

        if (state != port.State)
        {
            port.State = state;
            SendPortStatus(PortReason.Modify, port);
        }
    });

    /// <summary>
    /// A frame arrives on <paramref name="port"/> from the network and goes through the pipeline.
    /// Outputs go to <see cref="FrameTransmitter"/>, packet-ins to the controllers.
    /// </summary>
    public void ReceiveFrame(uint port, ReadOnlySpan<byte> frame)
    {
        if (!_executor.IsCurrentThreadOwner && _executor.TryEnter())
        {
            try
            {
                ProcessFrame(port, frame);
            }
            finally
            {
                _executor.Exit();
            }

            return;
        }

        // Busy (another thread, or a re-entrant call): the span cannot wait, so it is copied.
        PostFrame(port, frame.ToArray());
    }

    /// <summary>
    /// Runs a frame through the pipeline as if it arrived on <paramref name="port"/>, recording
    /// every table, entry and action, and returns what it would send instead of sending it
    /// (counters do change). Used by the packet-trace feature.
    /// </summary>
    public ApplyResult Trace(uint port, ReadOnlySpan<byte> frame)
    {
        if (_executor.IsCurrentThreadOwner)
        {
            throw new InvalidOperationException("Trace cannot be called from inside the switch's own executor.");
        }

        var copy = frame.ToArray();
        ApplyResult? result = null;
        using var done = new ManualResetEventSlim();
        Post(() =>
        {
            try
            {
                result = Pipeline.Receive(port, copy, trace: true);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        return result!;
    }

    /// <summary>Expires idle/hard timeouts (FLOW_REMOVED as configured). The transport calls it every second.</summary>
    public void Tick() => Run(() => Pipeline.ExpireFlows());

    /// <summary>Connects a controller: creates its session and sends HELLO.</summary>
    public ControllerSession Attach(IControllerChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var session = new ControllerSession(channel, Interlocked.Increment(ref _nextSessionId));
        Run(() =>
        {
            _sessions.Add(session);
            SwitchLog.SessionAttached(_logger, DatapathId, session.Id);
            session.Send(Hello.ForVersions(OfpConstants.Version));
        });
        return session;
    }

    /// <summary>Forgets a controller session (its connection dropped).</summary>
    public void Detach(ControllerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Run(() =>
        {
            session.IsClosed = true;
            _sessions.Remove(session);
        });
    }

    /// <summary>
    /// Handles one complete OpenFlow message (header included) from <paramref name="session"/>.
    /// Malformed input is answered with OFPT_ERROR; nothing escapes. Replies are sent but not
    /// flushed: call <see cref="Flush"/> at the end of a read batch.
    /// </summary>
    public void HandleMessage(ControllerSession session, ReadOnlySpan<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (!_executor.IsCurrentThreadOwner && _executor.TryEnter())
        {
            try
            {
                HandleFrame(session, frame);
            }
            finally
            {
                _executor.Exit();
            }

            return;
        }

        PostMessage(session, frame.ToArray());
    }

    /// <summary>Handles an already decoded message; <paramref name="frame"/> (its bytes) is quoted in errors.</summary>
    public void HandleMessage(ControllerSession session, OfpMessage message, ReadOnlyMemory<byte> frame)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(message);
        Run(() => Dispatch(session, message, frame.Span));
    }

    /// <summary>Flushes the replies of <paramref name="session"/> (queued behind the messages already posted).</summary>
    public void Flush(ControllerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (TryEnterBurst())
        {
            try
            {
                session.Flush();
            }
            finally
            {
                ExitBurst();
            }

            return;
        }

        _executor.Post(session.FlushAction);
    }

    /// <summary>
    /// Takes the executor for a burst of <see cref="HandleFrameInBurst"/> calls (one read's messages),
    /// so that the executor is entered once per read, not once per message. False when it is busy
    /// (the caller must then queue its work with <see cref="Post"/>); pair a true with <see cref="ExitBurst"/>.
    /// </summary>
    internal bool TryEnterBurst() => !_executor.IsCurrentThreadOwner && _executor.TryEnter();

    /// <summary>Releases the executor taken by <see cref="TryEnterBurst"/>.</summary>
    internal void ExitBurst() => _executor.Exit();

    /// <summary>
    /// Handles one message of a burst: the caller holds the executor (<see cref="TryEnterBurst"/>,
    /// or runs inside <see cref="Post"/>). Replies are sent, not flushed.
    /// </summary>
    internal void HandleFrameInBurst(ControllerSession session, ReadOnlySpan<byte> frame)
    {
        Debug.Assert(_executor.IsCurrentThreadOwner, "a burst runs on the switch's executor");
        HandleFrame(session, frame);
    }

    // Separate methods so that the closures are allocated only when a call is queued, never on the inline path.
    private void PostFrame(uint port, byte[] copy) => _executor.Post(() => ProcessFrame(port, copy));

    private void PostMessage(ControllerSession session, byte[] copy) => _executor.Post(() => HandleFrame(session, copy));

    private void Run(Action action)
    {
        // A re-entrant call (e.g. a frame looped back to this switch) must wait its turn.
        if (!_executor.IsCurrentThreadOwner && _executor.TryEnter())
        {
            try
            {
                action();
                FlushAll();
            }
            finally
            {
                _executor.Exit();
            }
        }
        else
        {
            _executor.Post(() =>
            {
                action();
                FlushAll();
            });
        }
    }

    private void FlushAll()
    {
        foreach (var s in _sessions)
        {
            s.Flush();
        }
    }

    private void ProcessFrame(uint port, ReadOnlySpan<byte> frame)
    {
        _frame.SetFrame(frame);
        Pipeline.Receive(port, _frame, _output);
        FlushAll();
    }

    private void HandleFrame(ControllerSession session, ReadOnlySpan<byte> frame)
    {
        if (session.IsClosed)
        {
            return;
        }

        OfpMessage message;
        try
        {
            // FLOW_MODs arrive by the hundred thousand: decode them into one reused instance (the
            // pipeline copies what it keeps), so the hot path allocates only the installed entry.
            if (frame.Length >= OfpConstants.HeaderSize && frame[0] == OfpConstants.Version && frame[1] == (byte)OfpType.FlowMod)
            {
                // An ADD that is plainly well-formed goes straight from the bytes into the table (no decode
                // into objects); anything else, errors included, takes the ordinary path below. A slave
                // may not change the table: Dispatch refuses its FLOW_MODs.
                if (AddsFromWire && session.Role != ControllerRole.Slave && Pipeline.TryAddFlowFromWire(frame, out var wireError))
                {
                    if (wireError is { } refused)
                    {
                        SendError(session, OfpType.FlowMod, BinaryPrimitives.ReadUInt32BigEndian(frame[4..]), refused, frame);
                    }

                    return;
                }

                OfpCodec.DecodeInto(frame, _flowMod);
                message = _flowMod;
            }
            else
            {
                message = OfpCodec.Decode(frame);
            }
        }
        catch (OfpProtocolException e)
        {
            SwitchLog.Malformed(_logger, DatapathId, e.Message);
            session.Send(OfpCodec.CreateError(e, frame));
            return;
        }

        Dispatch(session, message, frame);
    }

    private void SendError(ControllerSession session, OfpMessage request, OfpError error, ReadOnlySpan<byte> frame) =>
        SendError(session, request.Type, request.Xid, error, frame.IsEmpty ? request.ToArray() : frame);

    private void SendError(ControllerSession session, OfpType type, uint xid, OfpError error, ReadOnlySpan<byte> frame)
    {
        SwitchLog.RequestRefused(_logger, DatapathId, type.ToString(), xid, error.ToString());
        var message = OfpCodec.CreateError(error.ToException(), frame);
        message.Xid = xid;
        session.Send(message);
    }

    private void SendPortStatus(PortReason reason, SwitchPort port)
    {
        foreach (var s in _sessions)
        {
            if (s.HelloReceived && s.Wants(s.PortStatusMask, (int)reason))
            {
                s.Send(new PortStatus { Reason = reason, Port = port.ToOfpPort() });
            }
        }
    }

    private void OnFlowRemoved(FlowEntry entry, FlowRemovedReason reason)
    {
        if (!entry.SendFlowRemoved)
        {
            return;
        }

        var duration = Pipeline.Since(entry.CreatedTimestamp);
        foreach (var s in _sessions)
        {
            if (!s.HelloReceived || !s.Wants(s.FlowRemovedMask, (int)reason))
            {
                continue;
            }

            s.Send(new FlowRemoved
            {
                Cookie = entry.Cookie,
                Priority = entry.Priority,
                Reason = reason,
                TableId = entry.TableId,
                DurationSec = (uint)duration.TotalSeconds,
                DurationNsec = (uint)(duration.Ticks % TimeSpan.TicksPerSecond * 100),
                IdleTimeout = entry.IdleTimeout,
                HardTimeout = entry.HardTimeout,
                PacketCount = entry.PacketCount,
                ByteCount = entry.ByteCount,
                Match = [.. entry.Match.Fields],
            });
        }
    }

    private void EmitPacketIn(in PacketInEvent e, ReadOnlySpan<byte> frame)
    {
        int limit = e.Reason == PacketInReason.InvalidTtl ? MissSendLength : e.MaxLen;
        int length = limit == OfpConstants.ControllerMaxLenNoBuffer ? frame.Length : Math.Min(frame.Length, limit);
        ReadOnlyMemory<byte> data = default;
        foreach (var s in _sessions)
        {
            if (!s.HelloReceived || !s.Wants(s.PacketInMask, (int)e.Reason))
            {
                continue;
            }

            if (data.IsEmpty && length > 0)
            {
                data = frame[..length].ToArray();
            }

            var match = new List<OxmEntry>(3) { OxmEntry.InPort(e.InPort) };
            if (e.Metadata != 0)
            {
                match.Add(OxmEntry.Metadata(e.Metadata));
            }

            if (e.TunnelId != 0)
            {
                match.Add(OxmEntry.TunnelId(e.TunnelId));
            }

            s.Send(new PacketIn
            {
                BufferId = OfpConstants.NoBuffer,
                TotalLength = (ushort)Math.Min(frame.Length, ushort.MaxValue),
                Reason = e.Reason,
                TableId = e.TableId,
                Cookie = e.Cookie,
                Match = match,
                Data = data,
            });
        }
    }

    /// <summary>Routes pipeline output: frames to the network, packet-ins to the controllers.</summary>
    private sealed class OutputAdapter(SimulatedSwitch owner) : IPacketOutput
    {
        public void Transmit(uint port, ReadOnlySpan<byte> frame) => owner.FrameTransmitter?.Transmit(owner, port, frame);

        public void PacketIn(in PacketInEvent packetIn, ReadOnlySpan<byte> frame) => owner.EmitPacketIn(packetIn, frame);
    }
}
