using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Control.Core;
using SdnCtl.Control.Discovery;
using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Chains;
using SdnCtl.Control.Intents;
using SdnCtl.Control.Network;
using SdnCtl.Control.Store;
using SdnCtl.Control.PathComputation;
using SdnCtl.Control.Reconciliation;
using SdnCtl.Control.Paths;
using SdnCtl.Control.Switches;
using SdnCtl.Control.Tenants;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology;

namespace SdnCtl.Control;

/// <summary>
/// The control plane: topology discovery, host tracking and reactive shortest-path forwarding,
/// run by a single writer. Every input (switch events from the southbound, discovery ticks,
/// northbound commands) is queued on one channel and applied, in order, by one loop task that
/// alone owns the network state, so that state needs no locks. Readers get immutable snapshots.
/// </summary>
/// <remarks>
/// Give an instance to the southbound as its <see cref="ISwitchEventSink"/>, call
/// <see cref="Start"/>, and <see cref="DisposeAsync"/> (or <see cref="StopAsync"/>) on shutdown.
/// </remarks>
public sealed class ControlPlane : IControlPlane, ISwitchEventSink, IPacketInFastPath, IAsyncDisposable
{
    // Inputs applied between two snapshot publications: bounds how stale readers can be while a
    // burst is being worked off.
    private const int MaxBatch = 256;

    /// <summary>How long a busy loop may hold back a snapshot whose only change is hosts (see Publish).</summary>
    private static readonly TimeSpan HostPublishInterval = TimeSpan.FromMilliseconds(25);

    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IPathService _paths;
    private readonly Channel<LoopInput> _inbox;

    // Switch and port events overtake queued packet-ins: a PORT_STATUS must not wait behind a
    // second's worth of LLDP answers on a large fabric before the paths through it are repaired.
    // Overtaking is safe: packet-ins name their session (stale ones are ignored) and LLDP only
    // learns links between ports that are up.
    private readonly Channel<LoopInput> _urgent;
    private readonly EventHub _events;
    private readonly ConcurrentDictionary<ulong, ISwitchConnection> _connections = new();

    // Owned by the loop task.
    private readonly NetworkState _state;
    private readonly Outbox _outbox = new();

    // Switches with packet-in answers queued but not flushed yet; flushed once per loop batch.
    private readonly HashSet<ulong> _flushDeferred = [];

    // Set by writers when the loop is parked (_loopParked = 1); see Park and WakeLoop.
    private readonly ManualResetEventSlim _wake = new(false);
    private int _loopParked;
    private readonly LinkDiscovery _discovery;
    private readonly ReactiveForwarding _forwarding;
    private readonly TenantNetworking _tenants;
    private readonly IntentManager _intents;
    private readonly ChainManager _chains;
    private readonly IPathComputation _computation;
    private long _retriedGraphVersion;
    private readonly ControlContext _context;
    private readonly List<NetworkEvent> _eventScratch = [];

    // Switches whose tenant, intent and chain rules and intent groups are held back until what they
    // hold has been read (see ApplyReadout).
    private readonly Dictionary<ulong, PendingReconcile> _reconciling = [];
    private long _reconciled;

    // Per switch: compiles of intents and chains whose flow-mods went to it and that wait for a
    // barrier after them (started once the switch is reconciled, see StartBarriers).
    private readonly Dictionary<ulong, List<BarrierWait>> _barrierWaits = [];

    // Quiesce markers that arrived while switches were being reconciled; released once none is.
    private readonly List<TaskCompletionSource> _parkedQuiesces = [];
    private long _inputsProcessed;
    private long _inputsFailed;
    private long _flowModsSent;
    private long _packetOutsSent;
    private long _reroutes;
    private long _reroutedDestinations;
    private long _switchErrors;
    private bool _probeMoreQueued;
    private long _lastLoggedCollection = -1;
    private TimeSpan _lastReroute;
    private TimeSpan _lastRerouteWait;
    private TimeSpan? _lastRerouteCpu;
    private TimeSpan _maxReroute;

    // Published by the loop, read anywhere.
    private volatile TopologySnapshot _topology = TopologySnapshot.Empty;
    private volatile ControllerStats _stats = new();
    private volatile DeclaredTopology? _declared;

    // The reactive fast path (see ReactiveFastPath); its answers come back as FastAnswer inputs.
    private readonly ReactiveFastPath _fastPath;

    // Set by the loop after each input: false while tenants could claim a packet-in.
    private volatile bool _fastPathOpen;
    private long _fastAnswered;
    private long _publishedGraphVersion = -1;
    private long _hostsPublishedAt;

    // Written from transport threads.
    private long _packetIns;
    private long _packetInsDropped;
    private int _pendingPacketIns;
    private int _pendingFastAnswers;
    private int _tickQueued;

    private int _lifecycle; // 0 created, 1 running, 2 stopped
    private Task _loop = Task.CompletedTask;
    private ITimer? _timer;

    /// <summary>Creates a control plane; it does nothing until <see cref="Start"/>.</summary>
    /// <param name="options">Settings; validated here and copied.</param>
    /// <param name="timeProvider">The clock and timers (a fake one in tests); <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="logger">Where to log; nothing by default.</param>
    /// <param name="pathService">How to compute paths; <see cref="HopCountPathService"/> by default.</param>
    /// <param name="declared">The expected topology, for switch and host names and <see cref="CompareWithDeclared"/>.</param>
    /// <param name="store">Where tenant changes are kept; the tenants start as <see cref="TenantRestore"/> merges it with the file's. None by default.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> has bad values; the message lists them.</exception>
    public ControlPlane(
        ControllerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<ControlPlane>? logger = null,
        IPathService? pathService = null,
        TopologyDocument? declared = null,
        IControllerStore? store = null)
    {
        _options = (options ?? new ControllerOptions()).Clone();
        IReadOnlyList<string> problems = _options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid control plane options: " + string.Join("; ", problems), nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _paths = pathService ?? HopCountPathService.Instance;
        // The loop reads both lanes with TryRead and parks on _wake (see Park), never on the
        // channels' waits; DisposeAsync drains what is left once the loop has ended.
        _inbox = Channel.CreateUnbounded<LoopInput>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        _urgent = Channel.CreateUnbounded<LoopInput>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        _events = new EventHub(_options.EventBufferCapacity);
        _declared = declared is null ? null : new DeclaredTopology(declared);
        _state = new NetworkState(_declared);
        _discovery = new LinkDiscovery(_options, (ulong)Random.Shared.NextInt64());
        _forwarding = new ReactiveForwarding(_options, _paths);
        _tenants = new TenantNetworking(_options, store is null ? declared?.Tenants : RestoreTenants(declared, store));
        _forwarding.ExcludeFromFlood = _tenants.IsMemberPort;
        _fastPath = new ReactiveFastPath(_state.HostLocations, _forwarding.FloodGuard, _forwarding.AnswerTemplates());
        Tenants = new TenantService(_tenants, (body, ct) => InvokeOnLoopAsync(body, ct), (body, ct) => InvokeOnLoopAsync(body, ct), store);

        // Intents share the path service's reservations when it is the built-in one.
        _computation = _paths is PathServiceAdapter shared ? shared.Computation : new PathComputationService(_time);
        _intents = new IntentManager(_options, _computation, _paths is PathServiceAdapter a ? a.Metric : PathMetric.Hops);
        Intents = new IntentService(_intents, (body, ct) => InvokeOnLoopAsync(body, ct), _time, _options.SwitchReadTimeout);
        _chains = new ChainManager(_options, _computation, _paths is PathServiceAdapter m ? m.Metric : PathMetric.Hops, _tenants);
        Chains = new ChainService(_chains, (body, ct) => InvokeOnLoopAsync(body, ct), _time, _options.SwitchReadTimeout);
        _context = new ControlContext(_state, _outbox);
    }

    /// <inheritdoc/>
    public TopologySnapshot Topology => _topology;

    private IReadOnlyList<Topology.Tenants.TenantSpec> RestoreTenants(TopologyDocument? declared, IControllerStore store)
    {
        var tenants = TenantRestore.Merge(declared?.Tenants, store, out var skipped);
        foreach (string reason in skipped)
        {
            Log.TenantSkipped(_logger, reason);
        }

        Log.TenantsRestored(_logger, store.ListTenants().Count, tenants.Count);
        return tenants;
    }

    /// <inheritdoc/>
    public ControllerStats Stats => _stats with
    {
        PacketIns = Interlocked.Read(ref _packetIns),
        PacketInsDropped = Interlocked.Read(ref _packetInsDropped),
    };

    /// <inheritdoc/>
    public TopologyDocument? Declared => _declared?.Document;

    /// <inheritdoc/>
    public IPathService Paths => _paths;

    /// <inheritdoc/>
    public IReadOnlyCollection<ISwitchConnection> Connections => [.. _connections.Values];

    /// <summary>Tenants and segments (VLAN/VXLAN) at run time.</summary>
    public ITenantService Tenants { get; }

    /// <summary>Connectivity intents (host-to-host, point-to-point, protected) at run time.</summary>
    public IIntentService Intents { get; }

    /// <summary>Service chains (host to host through appliances in order) at run time.</summary>
    public IChainService Chains { get; }

    /// <summary>A copy of the options in effect; changing it changes nothing.</summary>
    public ControllerOptions Options => _options.Clone();

    /// <summary>The nonce in this instance's LLDP probes, for tests that forge one.</summary>
    internal ulong DiscoveryNonce => _discovery.Nonce;

    /// <summary>Forwarding state, for tests; read it only from the loop (through <see cref="InvokeOnLoopAsync{T}"/>).</summary>
    internal ReactiveForwarding Forwarding => _forwarding;

    internal ReactiveFastPath FastPath => _fastPath;

    /// <summary>Tenant state, for tests; read it only from the loop (through <see cref="InvokeOnLoopAsync{T}"/>).</summary>
    internal TenantNetworking TenantNetworking => _tenants;

    /// <summary>Intent state, for tests; read it only from the loop (through <see cref="InvokeOnLoopAsync{T}"/>).</summary>
    internal IntentManager IntentManager => _intents;

    /// <summary>Switches connected but not reconciled yet, for tests; read it only from the loop.</summary>
    internal int ReconcilingSwitches => _reconciling.Count;

    /// <summary>Reconciliations done since start, for tests; read it only from the loop.</summary>
    internal long Reconciliations => _reconciled;

    /// <summary>Starts the control loop and the discovery timer.</summary>
    /// <exception cref="InvalidOperationException">Already started or stopped.</exception>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _lifecycle, 1, 0) != 0)
        {
            throw new InvalidOperationException("the control plane can be started once");
        }

        // The loop gets a thread of its own rather than a thread-pool turn: on a busy machine the
        // pool's queue is full of simulator and socket work, and a PORT_STATUS that must reroute
        // hundreds of paths would wait behind it. A dedicated thread blocks on the inbox and is
        // woken directly by the writer, so only the OS scheduler stands between input and loop.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = done.Task;
        var thread = new Thread(() => RunLoopThread(done)) { IsBackground = true, Name = "sdnctl control loop" };
        thread.Start();
        _timer = _time.CreateTimer(static s => ((ControlPlane)s!).OnTimer(), this, _options.DiscoveryInterval, _options.DiscoveryInterval);
        Log.Started(_logger, _options.DiscoveryInterval, _options.EffectiveLinkTimeout);
    }

    /// <summary>Stops the timer, lets the loop finish what is queued, and ends every event subscription.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _lifecycle, 2) == 2)
        {
            await _loop.ConfigureAwait(false);
            return;
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        _urgent.Writer.TryComplete();
        _inbox.Writer.TryComplete();
        WakeLoop();
        await _loop.ConfigureAwait(false);

        // Never started, or raced a last writer: whoever waits on a marker or command is released.
        while (_urgent.Reader.TryRead(out LoopInput input) || _inbox.Reader.TryRead(out input))
        {
            Abandon(input);
        }

        foreach (TaskCompletionSource parked in _parkedQuiesces)
        {
            parked.TrySetResult();
        }

        _parkedQuiesces.Clear();
        _events.Complete();
        Log.Stopped(_logger);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => new(StopAsync());

    // ---- northbound -------------------------------------------------------------------------

    /// <inheritdoc/>
    public ISwitchConnection? GetSwitch(ulong datapathId) => _connections.GetValueOrDefault(datapathId);

    /// <inheritdoc/>
    public TopologyDiff? CompareWithDeclared() => _declared is { } d ? Topology.Compare(d) : null;

    /// <inheritdoc/>
    public NetworkPath? ShortestPath(ulong sourceDpid, ulong destinationDpid) =>
        _paths.ShortestPath(Topology, sourceDpid, destinationDpid);

    /// <inheritdoc/>
    public NetworkEventSubscription Subscribe() => _events.Subscribe();

    /// <inheritdoc/>
    public async IAsyncEnumerable<NetworkEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using NetworkEventSubscription subscription = _events.Subscribe();
        await foreach (NetworkEvent e in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return e;
        }
    }

    /// <inheritdoc/>
    public Task QuiesceAsync(CancellationToken cancellationToken = default)
    {
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inbox.Writer.TryWrite(new LoopInput(LoopInputKind.Quiesce, null, null, marker, 0)))
        {
            // Stopped: the loop has processed everything it ever will.
            return Task.CompletedTask;
        }

        WakeLoop();
        return marker.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<T> InvokeAsync<T>(Func<IControlContext, T> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return InvokeOnLoopAsync(context => command(context), cancellationToken);
    }

    /// <inheritdoc/>
    public Task SetDeclaredTopologyAsync(TopologyDocument? declared, CancellationToken cancellationToken = default)
    {
        // Indexing a large document is done here, off the loop.
        DeclaredTopology? index = declared is null ? null : new DeclaredTopology(declared);
        return InvokeOnLoopAsync(
            context =>
            {
                context.State.SetDeclared(index);
                _declared = index;
                if (index is not null)
                {
                    Log.DeclaredTopologySet(_logger, index.Document.Name, context.State.GetSnapshot().Compare(index));
                }

                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc/>
    public Task<bool> RemoveHostAsync(ulong mac, CancellationToken cancellationToken = default) =>
        InvokeOnLoopAsync(
            context =>
            {
                context.State.Changes.Cause = $"host {MacFormat.Format(mac & MacFormat.MaxValue)} removed by command";
                return context.State.RemoveHost(mac);
            },
            cancellationToken);

    /// <inheritdoc/>
    public Task ProbeLinksAsync(CancellationToken cancellationToken = default) =>
        InvokeOnLoopAsync(
            context =>
            {
                _discovery.ProbeAll(context.State, context.Outbox);
                return true;
            },
            cancellationToken);

    /// <summary>Runs <paramref name="body"/> on the loop with full access to its state.</summary>
    internal Task<T> InvokeOnLoopAsync<T>(Func<ControlContext, T> body, CancellationToken cancellationToken = default)
    {
        var command = new LoopCommand<T>(body, cancellationToken);
        if (!_inbox.Writer.TryWrite(new LoopInput(LoopInputKind.Command, null, null, command, _time.GetTimestamp())))
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(ControlPlane)));
        }

        WakeLoop();
        return command.Task;
    }

    // ---- southbound (ISwitchEventSink): any thread, must return quickly ---------------------

    /// <inheritdoc/>
    public void SwitchConnected(ISwitchConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Enqueue(LoopInputKind.SwitchConnected, connection, null, null);
    }

    /// <inheritdoc/>
    public void SwitchDisconnected(ISwitchConnection connection, string reason)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Enqueue(LoopInputKind.SwitchDisconnected, connection, null, reason ?? string.Empty);
    }

    /// <inheritdoc/>
    public void PortStatusReceived(ISwitchConnection connection, PortStatus message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(LoopInputKind.PortStatus, connection, message, null);
    }

    /// <inheritdoc/>
    public void PacketInReceived(ISwitchConnection connection, PacketIn message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _packetIns);
        int pending = Interlocked.Increment(ref _pendingPacketIns);
        if (pending > _options.MaxPendingPacketIns)
        {
            Interlocked.Decrement(ref _pendingPacketIns);
            long dropped = Interlocked.Increment(ref _packetInsDropped);
            if (dropped == 1 || dropped % 10_000 == 0)
            {
                Log.PacketInsDropped(_logger, pending - 1, dropped);
            }

            return;
        }

        // Before the enqueue, as for a fast answer (see TryAnswerPacketIn): a sender the fast path may
        // answer toward before the loop has learned it from this packet-in.
        if (_fastPathOpen && message.InPort is uint inPort)
        {
            _fastPath.NoteSender(connection.DatapathId, inPort, message.Data.Span);
        }

        if (!Enqueue(LoopInputKind.PacketIn, connection, message, null))
        {
            Interlocked.Decrement(ref _pendingPacketIns);
            ForgetSighting(connection, message);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Declines while tenants exist, for a session the loop has not taken in (or has replaced), and
    /// while <see cref="ControllerOptions.MaxPendingPacketIns"/> answers wait for the loop. An answer
    /// frees the switch to send its next packet-in at once, so the fast path can outrun the loop that
    /// applies its answers; declining then makes the next packet-ins wait for the loop, which slows the
    /// switches down (cbench's window, a host's retries). Answers are counted apart from the loop path's
    /// packet-ins, whose own bound (and drops) stay as they were. The answer goes to the loop as a
    /// <see cref="LoopInputKind.FastAnswer"/> in the packet-ins' own channel; the loop is woken at the
    /// end of the read burst (<see cref="PacketInBurstEnded"/>) rather than per answer.
    /// </remarks>
    public int TryAnswerPacketIn(ISwitchConnection connection, ReadOnlySpan<byte> packetIn, Span<byte> answer)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_fastPathOpen || Volatile.Read(ref _pendingFastAnswers) >= _options.MaxPendingPacketIns ||
            !_connections.TryGetValue(connection.DatapathId, out ISwitchConnection? known) || !ReferenceEquals(known, connection))
        {
            return 0;
        }

        int written = _fastPath.TryAnswer(connection.DatapathId, packetIn, answer, out FastAnswer learned);
        if (written == 0)
        {
            return 0;
        }

        // The sighting goes in before the input that removes it once handled (ForgetSighting), so that
        // none outlives its input; see ReactiveFastPath for why answers that rely on it are safe.
        var at = new SwitchPort(connection.DatapathId, learned.InPort);
        if (learned.Learnable)
        {
            _fastPath.NoteSender(at, learned.Source);
        }

        Interlocked.Increment(ref _pendingFastAnswers);
        if (!_inbox.Writer.TryWrite(new LoopInput(LoopInputKind.FastAnswer, connection, null, null, _time.GetTimestamp(), learned)))
        {
            // Stopping: the loop will not apply it, so nothing may be sent for it either.
            Interlocked.Decrement(ref _pendingFastAnswers);
            _fastPath.Forget(learned.Source, at);
            return 0;
        }

        Interlocked.Increment(ref _packetIns);
        return written;
    }

    /// <inheritdoc/>
    public void PacketInBurstEnded() => WakeLoop();

    /// <inheritdoc/>
    public void FlowRemovedReceived(ISwitchConnection connection, FlowRemoved message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        Enqueue(LoopInputKind.FlowRemoved, connection, message, null);
    }

    /// <inheritdoc/>
    public void ErrorReceived(ISwitchConnection connection, ErrorMessage error, OfpMessage? request)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(error);
        Enqueue(LoopInputKind.Error, connection, error, request);
    }

    private bool Enqueue(LoopInputKind kind, ISwitchConnection? connection, OfpMessage? message, object? payload)
    {
        var input = new LoopInput(kind, connection, message, payload, _time.GetTimestamp());
        bool written = kind is LoopInputKind.SwitchConnected or LoopInputKind.SwitchDisconnected or LoopInputKind.PortStatus
            ? _urgent.Writer.TryWrite(input)
            : _inbox.Writer.TryWrite(input);
        if (written)
        {
            WakeLoop();
        }

        return written;
    }

    /// <summary>
    /// Wakes the loop if it is parked (see <see cref="Park"/>). The exchange is a full fence: either
    /// the loop's re-check after parking sees the item just written, or this sees the parked flag.
    /// </summary>
    private void WakeLoop()
    {
        if (Interlocked.Exchange(ref _loopParked, 0) != 0)
        {
            _wake.Set();
        }
    }

    private void OnTimer()
    {
        // One tick in the queue at a time: a loop that fell behind catches up with one round, not many.
        if (Interlocked.Exchange(ref _tickQueued, 1) == 0 && !Enqueue(LoopInputKind.Tick, null, null, null))
        {
            Volatile.Write(ref _tickQueued, 0);
        }
    }

    // ---- the loop ---------------------------------------------------------------------------

    private void RunLoopThread(TaskCompletionSource done)
    {
        try
        {
            Run();
            done.TrySetResult();
        }
#pragma warning disable CA1031 // The loop catches per input; anything left is handed to whoever awaits StopAsync.
        catch (Exception e)
#pragma warning restore CA1031
        {
            done.TrySetException(e);
        }
    }

    private void Run()
    {
        WarmUp();
        ChannelReader<LoopInput> urgent = _urgent.Reader;
        ChannelReader<LoopInput> reader = _inbox.Reader;
        while (true)
        {
            int n = 0;
            while (n < MaxBatch && (urgent.TryRead(out LoopInput input) || reader.TryRead(out input)))
            {
                n += Process(input);
            }

            FlushDeferred();
            Publish(coalesceHosts: n > 0);
            if (n > 0)
            {
                continue;
            }

            if (urgent.Completion.IsCompleted && reader.Completion.IsCompleted)
            {
                return;
            }

            Park(urgent, reader);
        }
    }

    /// <summary>
    /// Blocks the loop thread until a writer wakes it. Writers set the event themselves
    /// (<see cref="WakeLoop"/>) instead of the loop awaiting the channels' WaitToReadAsync: those
    /// complete on the thread pool, so each wake-up of an idle loop went I/O thread → pool thread →
    /// loop thread (and allocated two tasks); on a loaded 2-core machine every hop is a scheduling delay
    /// added to a packet-in's round trip.
    /// </summary>
    private void Park(ChannelReader<LoopInput> urgent, ChannelReader<LoopInput> reader)
    {
        _wake.Reset();
        Interlocked.Exchange(ref _loopParked, 1);
        if (urgent.TryPeek(out _) || reader.TryPeek(out _) || (urgent.Completion.IsCompleted && reader.Completion.IsCompleted))
        {
            Interlocked.Exchange(ref _loopParked, 0);
            return;
        }

        // Blocking is the point here: this thread is the loop's alone (see Start).
        _wake.Wait();
    }

    /// <summary>Compiles the reroute path before the first input (see <see cref="RerouteWarmup"/>).</summary>
    private void WarmUp()
    {
        try
        {
            RerouteWarmup.Run(_options, _paths);

            // The loop's own entry for a port change is compiled on its first call too: a switch that is
            // not connected makes it return at once, after the JIT has compiled all of it.
            OnPortStatus(RerouteWarmup.Stranger, RerouteWarmup.StrangerPortStatus);
        }
#pragma warning disable CA1031 // A warm-up that fails costs the first reroute some milliseconds, nothing more.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.WarmUpFailed(_logger, e);
        }
    }

    /// <summary>Applies one input (or a run of fast answers, see <see cref="ApplyFastAnswers"/>) and returns how many inputs it took.</summary>
    private int Process(in LoopInput input)
    {
        int taken = 1;
        long takenAt = _time.GetTimestamp();

        // Only the inputs that can start a reroute pay for reading the thread's CPU clock.
        long cpuAtStart = input.Kind is LoopInputKind.PortStatus or LoopInputKind.SwitchDisconnected or LoopInputKind.Tick ? ThreadCpuClock.NowNs() : -1;

        // Garbage collections that ran during a reroute explain a wall (or CPU) time far above its usual:
        // a collection suspends the loop, or runs on it when the loop's own allocation triggered it.
        int gcAtStart = cpuAtStart < 0 ? 0 : GC.CollectionCount(0);
        TimeSpan pausedAtStart = cpuAtStart < 0 ? default : GC.GetTotalPauseDuration();
        long allocatedAtStart = cpuAtStart < 0 ? 0 : GC.GetAllocatedBytesForCurrentThread();
        _state.BeginInput(_time.GetUtcNow());
        int rerouted = 0;
        int flowModsBefore = 0;
        bool linksLost = false;
        try
        {
            switch (input.Kind)
            {
                case LoopInputKind.SwitchConnected:
                    OnSwitchConnected(input.Connection!);
                    break;
                case LoopInputKind.SwitchDisconnected:
                    OnSwitchDisconnected(input.Connection!, (string)input.Payload!);
                    break;
                case LoopInputKind.PortStatus:
                    OnPortStatus(input.Connection!, (PortStatus)input.Message!);
                    break;
                case LoopInputKind.PacketIn:
                    Interlocked.Decrement(ref _pendingPacketIns);
                    OnPacketIn(input.Connection!, (PacketIn)input.Message!);
                    ForgetSighting(input.Connection!, (PacketIn)input.Message!);
                    break;
                case LoopInputKind.FlowRemoved:
                    OnFlowRemoved(input.Connection!, (FlowRemoved)input.Message!);
                    break;
                case LoopInputKind.Error:
                    OnError(input.Connection!, (ErrorMessage)input.Message!, input.Payload as OfpMessage);
                    break;
                case LoopInputKind.Tick:
                    Volatile.Write(ref _tickQueued, 0);
                    _state.Changes.Cause = "LLDP timeout";
                    _discovery.OnTick(_state, _outbox);
                    _forwarding.OnTick(_state.Now);
                    break;
                case LoopInputKind.ProbeMore:
                    _probeMoreQueued = false;
                    _discovery.ProbeMore(_state, _outbox);
                    break;
                case LoopInputKind.Command:
                    ((LoopCommand)input.Payload!).Run(_context);
                    break;
                case LoopInputKind.Quiesce:
                    break;
                case LoopInputKind.FastAnswer:
                    taken = ApplyFastAnswers(input);
                    break;
            }

            _tenants.Refresh(_state, _outbox);
            _intents.Refresh(_state, _outbox);
            _chains.Refresh(_state, _outbox);
            ReconcilePending();

            // Paths are repaired in the same input that broke them, before anything is flushed,
            // so each switch gets the topology change's consequences in one batch.
            flowModsBefore = _outbox.FlowModCount;
            rerouted = _forwarding.ApplyChanges(_state, _outbox);
            linksLost = _state.Changes.RemovedLinks.Count > 0 || _state.Changes.RemovedSwitches.Count > 0;
        }
#pragma warning disable CA1031 // One bad input (or a bug) must not stop the network's only writer.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _inputsFailed++;
            Log.InputFailed(_logger, input.Kind, e);
        }
        finally
        {
            int rerouteFlowMods = _outbox.FlowModCount - flowModsBefore;
            _fastPathOpen = !_tenants.IsActive;
            long queued = Dispatch(deferFlush: input.Kind is LoopInputKind.PacketIn or LoopInputKind.FastAnswer);
            StartBarriers();
            _inputsProcessed += taken;
            if (rerouted > 0)
            {
                long cpuNow = cpuAtStart < 0 ? -1 : ThreadCpuClock.NowNs();
                TimeSpan? cpu = cpuNow < 0 ? null : TimeSpan.FromTicks((cpuNow - cpuAtStart) / 100);
                var gc = new RerouteGc(GC.CollectionCount(0) - gcAtStart, GC.GetTotalPauseDuration() - pausedAtStart, GC.GetAllocatedBytesForCurrentThread() - allocatedAtStart);
                RecordReroute(_time.GetElapsedTime(input.ReceivedAt, queued), _time.GetElapsedTime(input.ReceivedAt, takenAt), cpu, rerouted, rerouteFlowMods, gc);
            }
        }

        if (_discovery.RoundPending && !_probeMoreQueued)
        {
            // Urgent, so that the round goes on at once as it did in one input, but queued now that
            // this slice is done: a port change or switch event that came in meanwhile goes first.
            _probeMoreQueued = _urgent.Writer.TryWrite(new LoopInput(LoopInputKind.ProbeMore, null, null, null, _time.GetTimestamp()));
        }

        if (linksLost)
        {
            RecheckReservations(_computation);
        }
        else
        {
            RetryFailedReservations();
        }

        switch (input.Kind)
        {
            case LoopInputKind.Command:
                Publish();
                ((LoopCommand)input.Payload!).Complete();
                break;
            case LoopInputKind.Quiesce:
                Publish();
                if (_reconciling.Count > 0 || _discovery.RoundPending)
                {
                    // Quiet includes the switches being reconciled (their rules are about to be sent)
                    // and the rest of a discovery round (its probes are queued behind this input).
                    _parkedQuiesces.Add((TaskCompletionSource)input.Payload!);
                }
                else
                {
                    ((TaskCompletionSource)input.Payload!).TrySetResult();
                }

                break;
        }

        if (_parkedQuiesces.Count > 0 && _reconciling.Count == 0 && !_discovery.RoundPending)
        {
            Publish();
            foreach (TaskCompletionSource parked in _parkedQuiesces)
            {
                parked.TrySetResult();
            }

            _parkedQuiesces.Clear();
        }

        return taken;
    }

    private void OnSwitchConnected(ISwitchConnection connection)
    {
        SwitchEntry? existing = _state.FindSwitch(connection.DatapathId);
        if (existing is not null)
        {
            if (ReferenceEquals(existing.Connection, connection))
            {
                return;
            }

            Log.SwitchReplaced(_logger, connection.DatapathId, connection.RemoteAddress);
            _state.Changes.Cause = $"switch {connection.DatapathId:x16} reconnected";
            _state.RemoveSwitch(existing, "replaced by a new session");
        }

        SwitchEntry sw = _state.AddSwitch(connection);
        _connections[sw.DatapathId] = connection;
        _forwarding.OnSwitchConnected(sw, _outbox);
        bool readMeters = _tenants.OnSwitchConnected(sw);
        _intents.OnSwitchConnected(sw);
        _chains.OnSwitchConnected(sw);
        _discovery.OnSwitchConnected(sw, _outbox);
        Log.SwitchConnected(_logger, sw.DatapathId, connection.RemoteAddress);

        // Tenant, intent and chain rules (and intent groups) are held back until the switch has said
        // what it holds, then only the difference is sent (ApplyReadout).
        var pending = new PendingReconcile(_state.Now);
        _reconciling[sw.DatapathId] = pending;
        Task<SwitchReadout> read = ReadSwitchAsync(connection, readMeters);
        if (read.IsCompleted)
        {
            // Answered (or refused) at once: no need to go round the loop.
            pending.Readout = read.GetAwaiter().GetResult();
        }
        else
        {
            _ = DeliverReadoutAsync(connection, read);
        }
    }

    /// <summary>
    /// Reads, off the loop, what a connecting switch holds: its meters (when the tenants need them),
    /// its flows with the reconciled applications' cookies, and its groups. Never faults: what could
    /// not be read is null, and is then treated as unknown (see <see cref="ApplyReadout"/>).
    /// </summary>
    private async Task<SwitchReadout> ReadSwitchAsync(ISwitchConnection connection, bool readMeters)
    {
        using var timeout = new CancellationTokenSource(_options.SwitchReadTimeout, _time);
        Task<IReadOnlyList<MeterConfigEntry>?> meters = readMeters ? ReadMetersAsync(connection, timeout.Token) : Task.FromResult<IReadOnlyList<MeterConfigEntry>?>(null);
        Task<IReadOnlyList<FlowStatsEntry>?> flows = ReadFlowsAsync(connection, timeout.Token);
        Task<IReadOnlyList<GroupDescEntry>?> groups = ReadGroupsAsync(connection, timeout.Token);
        return new SwitchReadout(readMeters, await meters.ConfigureAwait(false), await flows.ConfigureAwait(false), await groups.ConfigureAwait(false));
    }

    private async Task<IReadOnlyList<MeterConfigEntry>?> ReadMetersAsync(ISwitchConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var replies = await connection.RequestMultipartAsync<MeterConfigReply>(new MeterConfigRequest(), cancellationToken).ConfigureAwait(false);
            return [.. replies.SelectMany(r => r.Entries)];
        }
#pragma warning disable CA1031 // Any failure (refused, disconnected, timed out) leaves the switch with unknown meters: add ours as if it had none.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.MeterReadFailed(_logger, connection.DatapathId, e.Message);
            return null;
        }
    }

    private async Task<IReadOnlyList<FlowStatsEntry>?> ReadFlowsAsync(ISwitchConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var reads = new List<Task<IReadOnlyList<FlowStatsReply>>>(ReconciledRules.Applications.Length);
            foreach (ulong application in ReconciledRules.Applications)
            {
                reads.Add(connection.RequestMultipartAsync<FlowStatsReply>(
                    new FlowStatsRequest { Cookie = application, CookieMask = FlowCookies.ApplicationMask }, cancellationToken));
            }

            var replies = await Task.WhenAll(reads).ConfigureAwait(false);
            return [.. replies.SelectMany(r => r).SelectMany(p => p.Entries)];
        }
#pragma warning disable CA1031 // As for meters: rules of unknown state are deleted by cookie and sent again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.SwitchReadFailed(_logger, connection.DatapathId, "flows", e.Message);
            return null;
        }
    }

    private async Task<IReadOnlyList<GroupDescEntry>?> ReadGroupsAsync(ISwitchConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var replies = await connection.RequestMultipartAsync<GroupDescReply>(new GroupDescRequest(), cancellationToken).ConfigureAwait(false);
            return [.. replies.SelectMany(r => r.Entries)];
        }
#pragma warning disable CA1031 // As for meters: groups of unknown state are deleted and added again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.SwitchReadFailed(_logger, connection.DatapathId, "groups", e.Message);
            return null;
        }
    }

    /// <summary>Hands a switch's readout to the loop; a readout from a session since replaced is stale and dropped.</summary>
    private async Task DeliverReadoutAsync(ISwitchConnection connection, Task<SwitchReadout> read)
    {
        SwitchReadout readout = await read.ConfigureAwait(false);
        try
        {
            await InvokeOnLoopAsync(
                context =>
                {
                    if (context.State.FindSwitch(connection) is { } sw && _reconciling.TryGetValue(sw.DatapathId, out PendingReconcile? pending))
                    {
                        // Applied after this input's refresh, once the switch's links are known (ReconcilePending).
                        pending.Readout = readout;
                    }

                    return true;
                }).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile.
        }
    }

    /// <summary>
    /// Reconciles the switches that have been read and whose desired rules are settled. A rule compiled
    /// after its switch was reconciled would go out as a plain ADD and reset the counters of the same
    /// rule on the switch, and one compiled later would be taken for a stray meanwhile; so a switch
    /// waits until the links it is declared with (to connected switches) are discovered, both ways, or
    /// (undeclared) one discovery interval, and never longer than the link timeout. A switch that could
    /// not be read is dealt with at once (everything of ours is deleted and sent again anyway).
    /// </summary>
    private void ReconcilePending()
    {
        if (_reconciling.Count == 0)
        {
            return;
        }

        List<ulong>? ready = null;
        foreach (var (dpid, pending) in _reconciling)
        {
            if (pending.Readout is { } readout && (readout.Flows is null || Settled(dpid, pending)))
            {
                (ready ??= []).Add(dpid);
            }
        }

        foreach (ulong dpid in ready ?? [])
        {
            if (_state.FindSwitch(dpid) is { } sw && _reconciling.Remove(dpid, out PendingReconcile? pending))
            {
                ApplyReadout(sw, pending.Readout!);
            }
        }
    }

    private bool Settled(ulong dpid, PendingReconcile pending)
    {
        TimeSpan since = _state.Now - pending.ConnectedAt;
        if (since >= _options.EffectiveLinkTimeout)
        {
            return true;
        }

        if (_state.Declared is not { } declared || !declared.SwitchNames.ContainsKey(dpid))
        {
            return since >= _options.DiscoveryInterval;
        }

        pending.DeclaredLinks ??= [.. declared.Links.Keys.Where(k => k.Source.DatapathId == dpid || k.Destination.DatapathId == dpid)];
        List<(SwitchPort Source, SwitchPort Destination)> links = pending.DeclaredLinks;

        // A link seen once counts as seen: the wait is for discovery to have caught up, and a link lost
        // again meanwhile is a topology change that the rules compiled from it follow anyway.
        while (pending.LinksSeen < links.Count)
        {
            var (source, destination) = links[pending.LinksSeen];
            if (_state.FindSwitch(source.DatapathId) is not null && _state.FindSwitch(destination.DatapathId) is not null &&
                (_state.FindLinkFrom(source) is not { } link || link.Destination != destination))
            {
                return false;
            }

            pending.LinksSeen++;
        }

        return true;
    }

    /// <summary>
    /// Brings a (re)connected switch's tenant, intent and chain rules and intent groups to the desired
    /// state from what it reported: identical rules and groups are left alone (their counters go on),
    /// missing ones added, drifted ones replaced (rules) or modified (groups), strays deleted (groups
    /// only in the intents' id range). Order: groups added or modified, rules added, rules deleted,
    /// groups deleted (a switch deletes the rules that use a group with it). A switch that could not
    /// say what it holds gets every such rule deleted by cookie and sent again.
    /// </summary>
    private void ApplyReadout(SwitchEntry sw, SwitchReadout readout)
    {
        ulong dpid = sw.DatapathId;
        if (readout.MetersRequested)
        {
            // Meters first: the tenant rules point at them. Its rule ADDs are dropped below; the diff sends what is needed.
            _tenants.OnMetersRead(_state, sw, readout.Meters, _outbox);
        }

        _outbox.Discard(dpid, ReconciledRules.Owns);
        if (readout.Flows is null)
        {
            _tenants.DeleteAllOn(dpid, _outbox);
            _intents.DeleteAllOn(dpid, _outbox);
            _chains.DeleteAllOn(dpid, _outbox);
        }

        List<FlowMod> desired = [.. _tenants.RulesOn(dpid).Select(r => r.ToAdd()), .. _intents.RulesOn(dpid), .. _chains.RulesOn(dpid)];
        FlowDiff flows = FlowReconciliation.Diff(desired, readout.Flows ?? []);
        GroupDiff groups = FlowReconciliation.DiffGroups(_intents.GroupsOn(dpid), readout.Groups ?? [], IntentCookies.IsIntentGroup);
        foreach (GroupMod add in groups.Missing)
        {
            if (readout.Groups is null)
            {
                // The switch may hold it from before; deleting a missing group is no error (spec 6.5).
                _outbox.Send(dpid, new GroupMod { Command = GroupModCommand.Delete, GroupId = add.GroupId });
            }

            _outbox.Send(dpid, add);
        }

        foreach (OfpMessage m in groups.Drifted.Concat<OfpMessage>(flows.Missing).Concat(flows.Drifted).Concat(flows.Strays).Concat(groups.Strays))
        {
            _outbox.Send(dpid, m);
        }

        Log.SwitchReconciled(_logger, dpid, flows.Kept, flows.Missing.Count, flows.Drifted.Count, flows.Strays.Count, groups.Kept, groups.Missing.Count, groups.Drifted.Count, groups.Strays.Count);
        _reconciled++;
    }

    private void OnSwitchDisconnected(ISwitchConnection connection, string reason)
    {
        SwitchEntry? sw = _state.FindSwitch(connection);
        if (sw is null)
        {
            return;
        }

        _state.Changes.Cause = $"switch {sw.DatapathId:x16} disconnected";
        _state.RemoveSwitch(sw, reason);
        _reconciling.Remove(sw.DatapathId);

        // Their intents and chains are recompiled on the topology change, under a new generation.
        _barrierWaits.Remove(sw.DatapathId);
        _connections.TryRemove(new KeyValuePair<ulong, ISwitchConnection>(sw.DatapathId, connection));
        Log.SwitchDisconnected(_logger, sw.DatapathId, reason);
    }

    private void OnPortStatus(ISwitchConnection connection, PortStatus message)
    {
        SwitchEntry? sw = _state.FindSwitch(connection);
        if (sw is null)
        {
            return;
        }

        _state.Changes.Cause = RerouteWarmup.PortCause(sw.DatapathId, message);
        PortEntry? cameUp = _state.ApplyPortStatus(sw, message);
        if (cameUp is not null)
        {
            _discovery.ProbePort(sw, cameUp, _outbox);
        }
    }

    private void OnPacketIn(ISwitchConnection connection, PacketIn message)
    {
        SwitchEntry? sw = _state.FindSwitch(connection);
        if (sw is null || message.InPort is not uint inPort)
        {
            return;
        }

        ReadOnlyMemory<byte> frame = message.Data;
        if (!Packets.EthernetHeader.TryRead(frame.Span, out Packets.EthernetHeader eth))
        {
            return;
        }

        if (eth.EtherType == Packets.EtherTypes.Lldp)
        {
            _discovery.HandleProbe(_state, sw, inPort, frame.Span, _outbox);
            return;
        }

        if (_forwarding.IsFloodEcho(frame.Span, sw.DatapathId, inPort, _state.Now))
        {
            return;
        }

        Hosts.HostTracker.Observe(_state, sw, inPort, eth, frame.Span);
        if (_tenants.TryHandlePacketIn(_state, sw, inPort, eth, message, _outbox))
        {
            return;
        }

        _forwarding.HandlePacketIn(_state, sw, inPort, eth, frame, _outbox);
    }

    /// <summary>
    /// Applies the fast answer <paramref name="first"/> and the answers queued right behind it, as one
    /// input: the per-input work (refreshing tenants, intents and chains, rerouting, dispatching) is paid
    /// once per run of answers rather than once per answer, which was most of an answer's cost. Returns
    /// how many it applied.
    /// </summary>
    /// <remarks>
    /// Only inputs already in the channel are taken, in channel order, so nothing overtakes or is
    /// overtaken by them that would not have been. A run ends before an urgent input (which would have
    /// gone before the next answer anyway), and after an answer that changed what routes depend on (a
    /// sender the loop knew elsewhere: moved), so the reroute runs before the next answer is applied,
    /// exactly as with one answer per input. Answers are read one at a time just before they are applied,
    /// so one that fails leaves the rest queued.
    /// </remarks>
    private int ApplyFastAnswers(in LoopInput first)
    {
        ChannelReader<LoopInput> urgent = _urgent.Reader;
        ChannelReader<LoopInput> reader = _inbox.Reader;
        int applied = 1;
        try
        {
            ApplyFastAnswer(first.Connection!, first.Answer);
            while (applied < MaxBatch && !_state.Changes.AffectsRoutes && !urgent.TryPeek(out _) &&
                   reader.TryPeek(out LoopInput next) && next.Kind == LoopInputKind.FastAnswer && reader.TryRead(out next))
            {
                applied++;
                ApplyFastAnswer(next.Connection!, next.Answer);
            }
        }
        finally
        {
            // Once per run: the I/O threads' bound on answers waiting for the loop counts these as gone.
            Interlocked.Add(ref _pendingFastAnswers, -applied);
        }

        return applied;
    }

    /// <summary>
    /// Applies an answer the fast path made: the sender is learned as <see cref="OnPacketIn"/> would
    /// have learned it, and the installed rule joins its destination's tree (and is corrected there if
    /// the loop knows better by now, see ReactiveForwarding.ApplyFastAnswer).
    /// </summary>
    private void ApplyFastAnswer(ISwitchConnection connection, in FastAnswer answer)
    {
        _fastAnswered++;
        _flowModsSent++;
        _packetOutsSent++;
        SwitchEntry? sw = _state.FindSwitch(connection);
        var at = new SwitchPort(connection.DatapathId, answer.InPort);
        if (sw is null)
        {
            // Closed since: the answer went nowhere, and the switch's rules are cleared on reconnect.
            _fastPath.Forget(answer.Source, at);
            return;
        }

        if (_tenants.IsActive && _tenants.Claims(at, answer.Source, answer.Destination))
        {
            // A tenant came in after the answer was made: its rules, not forwarding's, carry this traffic.
            _fastPath.Forget(answer.Source, at);
            _outbox.Send(sw.DatapathId, _forwarding.DeleteRules(answer.Destination));
            return;
        }

        if (answer.Learnable)
        {
            Hosts.HostTracker.Observe(_state, sw, answer.InPort, answer.Source, answer.SenderIp);
        }

        _fastPath.Forget(answer.Source, at);
        _forwarding.ApplyFastAnswer(_state, sw.DatapathId, answer.Destination, answer.OutPort, _outbox);
    }

    /// <summary>The loop has handled a packet-in: the sighting the southbound may have noted for its sender has served (see ReactiveFastPath).</summary>
    private void ForgetSighting(ISwitchConnection connection, PacketIn message)
    {
        ReadOnlySpan<byte> frame = message.Data.Span;
        if (message.InPort is uint inPort && frame.Length >= Packets.EthernetHeader.Size)
        {
            _fastPath.Forget(Packets.Mac.Read(frame[6..]), new SwitchPort(connection.DatapathId, inPort));
        }
    }

    private void OnFlowRemoved(ISwitchConnection connection, FlowRemoved message)
    {
        SwitchEntry? sw = _state.FindSwitch(connection);
        if (sw is not null)
        {
            _state.AddEvent(new FlowRemovedEvent(
                _state.Version,
                _state.Now,
                sw.DatapathId,
                message.Cookie,
                message.TableId,
                message.Priority,
                [.. message.Match],
                message.Reason,
                TimeSpan.FromSeconds(message.DurationSec) + TimeSpan.FromTicks(message.DurationNsec / 100),
                message.IdleTimeout,
                message.HardTimeout,
                message.PacketCount,
                message.ByteCount));
        }

        // Deletes are ours and already accounted for; only expiry tells us something new.
        if (sw is not null && message.Reason != FlowRemovedReason.Delete &&
            FlowCookies.TryGetForwardingDestination(message.Cookie, out ulong mac))
        {
            _forwarding.OnRuleLost(_state, sw.DatapathId, mac, _outbox);
        }
    }

    private void OnError(ISwitchConnection connection, ErrorMessage error, OfpMessage? request)
    {
        _switchErrors++;
        Log.SwitchError(_logger, connection.DatapathId, error.ErrorType, error.Code, request?.Type);
        SwitchEntry? sw = _state.FindSwitch(connection);
        if (sw is not null && request is not null)
        {
            string text = $"{error.ErrorType}/{OpenFlow.Errors.OfpErrorText.Name(error.ErrorType, error.Code)} (xid {error.Xid})";
            if (!_intents.OnSwitchError(sw.DatapathId, request, text, _state, _outbox))
            {
                _chains.OnSwitchError(sw.DatapathId, request, text, _state, _outbox);
            }
        }

        if (sw is not null && request is FlowMod { Command: FlowModCommand.Add } flowMod &&
            FlowCookies.TryGetForwardingDestination(flowMod.Cookie, out ulong mac))
        {
            _forwarding.OnRuleLost(_state, sw.DatapathId, mac, _outbox);
        }
    }

    /// <summary>
    /// Moves (or fails) the reservations whose paths lost a link. They only book capacity, nothing on
    /// the switches, so this runs after the flows have been repaired and sent, outside reroute time.
    /// </summary>
    private void RecheckReservations(IPathComputation computation)
    {
        try
        {
            int moved = computation.RecheckReservations(_state.GetSnapshot());
            if (moved > 0)
            {
                Log.ReservationsRechecked(_logger, moved, _state.Changes.Cause ?? "topology change");
            }
        }
#pragma warning disable CA1031 // As for any input: the loop goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _inputsFailed++;
            Log.InputFailed(_logger, LoopInputKind.PortStatus, e);
        }
    }

    /// <summary>
    /// Grants failed reservations again once a link or switch comes back (the graph changed without
    /// losing anything). Bookkeeping only, like <see cref="RecheckReservations"/>.
    /// </summary>
    private void RetryFailedReservations()
    {
        // Read from the state, not a snapshot: building one per input would undo the loop's batching.
        if (_state.GraphVersion == _retriedGraphVersion)
        {
            return;
        }

        _retriedGraphVersion = _state.GraphVersion;
        try
        {
            int granted = _computation.RetryFailedReservations(_state.GetSnapshot());
            if (granted > 0)
            {
                Log.ReservationsRechecked(_logger, granted, _state.Changes.Cause ?? "topology change");
            }
        }
#pragma warning disable CA1031 // As for any input: the loop goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _inputsFailed++;
            Log.InputFailed(_logger, LoopInputKind.PortStatus, e);
        }
    }

    /// <summary>
    /// After the flush: sends a barrier to each switch that intents or chains sent flow-mods to in this
    /// input (or earlier, while the switch was being reconciled), and confirms their compiles when it
    /// comes back, on the loop. Errors for those flow-mods arrive before the barrier's reply, so an
    /// intent a switch refused is failed before its barrier could confirm it.
    /// </summary>
    private void StartBarriers()
    {
        // Runs after every input, packet-ins included: two plain loops instead of a LINQ Concat,
        // whose iterator and enumerators were allocated per packet-in.
        // Only when there are any: a take copies them into a new list, two per packet-in otherwise.
        if (_intents.HasBarrierWaits)
        {
            AddBarrierWaits(_intents.TakeBarrierWaits());
        }

        if (_chains.HasBarrierWaits)
        {
            AddBarrierWaits(_chains.TakeBarrierWaits());
        }

        if (_barrierWaits.Count == 0)
        {
            return;
        }

        foreach (ulong dpid in _barrierWaits.Keys.Where(d => !_reconciling.ContainsKey(d)).ToList())
        {
            _barrierWaits.Remove(dpid, out List<BarrierWait>? waits);
            if (_state.FindSwitch(dpid) is not { } sw)
            {
                continue;
            }

            Task barrier = ConfirmingBarrierAsync(sw.Connection);
            if (barrier.IsCompleted)
            {
                // Answered at once: no need to go round the loop.
                Confirm(dpid, waits!, barrier.IsCompletedSuccessfully);
            }
            else
            {
                _ = ConfirmLaterAsync(sw.Connection, dpid, waits!, barrier);
            }
        }
    }

    private void AddBarrierWaits(List<BarrierWait> waits)
    {
        foreach (BarrierWait wait in waits)
        {
            foreach (ulong dpid in wait.Switches)
            {
                if (!_barrierWaits.TryGetValue(dpid, out List<BarrierWait>? list))
                {
                    _barrierWaits[dpid] = list = [];
                }

                list.Add(wait);
            }
        }
    }

    private async Task ConfirmingBarrierAsync(ISwitchConnection connection)
    {
        using var timeout = new CancellationTokenSource(_options.SwitchReadTimeout, _time);
        await connection.BarrierAsync(timeout.Token).ConfigureAwait(false);
    }

    private async Task ConfirmLaterAsync(ISwitchConnection connection, ulong dpid, List<BarrierWait> waits, Task barrier)
    {
        bool confirmed;
        try
        {
            await barrier.ConfigureAwait(false);
            confirmed = true;
        }
#pragma warning disable CA1031 // Disconnected or timed out: nothing is confirmed; the topology change recompiles what was there.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.BarrierFailed(_logger, dpid, e.Message);
            confirmed = false;
        }

        try
        {
            await InvokeOnLoopAsync(
                context =>
                {
                    Confirm(dpid, waits, confirmed && context.State.FindSwitch(connection) is not null);
                    return true;
                }).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Stopped meanwhile.
        }
    }

    private void Confirm(ulong dpid, List<BarrierWait> waits, bool confirmed)
    {
        foreach (BarrierWait wait in waits)
        {
            if (wait.Chain)
            {
                _chains.OnBarrier(wait.Id, wait.Generation, dpid, confirmed, _state);
            }
            else
            {
                _intents.OnBarrier(wait.Id, wait.Generation, dpid, confirmed, _state);
            }
        }
    }

    /// <summary>
    /// Queues each switch's messages from this input, then flushes every switch once. Returns the
    /// timestamp taken when the last message was queued (before the flushes), where reroute time stops.
    /// </summary>
    /// <param name="deferFlush">
    /// Leave the flushes to <see cref="FlushDeferred"/> at the end of the loop's batch: a packet-in's
    /// answer then shares one socket write (and one wake-up of the switch's I/O thread) with the other
    /// packet-ins of the same burst instead of costing its own, which at cbench rates was a cross-thread
    /// signal per packet-in. Every other input flushes at once (reroute time is measured to here).
    /// </param>
    private long Dispatch(bool deferFlush)
    {
        IReadOnlyList<ulong> datapaths = _outbox.Datapaths;
        for (int d = 0; d < datapaths.Count; d++)
        {
            ulong dpid = datapaths[d];
            SwitchEntry? sw = _state.FindSwitch(dpid);
            if (sw is null)
            {
                continue;
            }

            bool held = _reconciling.ContainsKey(dpid);
            try
            {
                IReadOnlyList<OfpMessage> messages = _outbox.MessagesFor(dpid);
                for (int m = 0; m < messages.Count; m++)
                {
                    OfpMessage message = messages[m];
                    if (held && ReconciledRules.Owns(message))
                    {
                        // Reconciliation sends what the switch lacks once it has said what it holds.
                        continue;
                    }

                    if (message is EncodedMessage)
                    {
                        // The packet-in path's reused instances: copied now, kept by nobody (see EncodedMessage).
                        sw.Connection.SendCopy(message);
                    }
                    else
                    {
                        sw.Connection.Send(message);
                    }

                    OfpType type = message.Type;
                    if (type == OfpType.FlowMod)
                    {
                        _flowModsSent++;
                    }
                    else if (type == OfpType.PacketOut)
                    {
                        _packetOutsSent++;
                    }
                }
            }
#pragma warning disable CA1031 // A session closing under us is reported by its own disconnect event.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.SendFailed(_logger, dpid, e);
            }
        }

        long queued = _time.GetTimestamp();
        for (int d = 0; d < datapaths.Count; d++)
        {
            _flushDeferred.Add(datapaths[d]);
        }

        _outbox.Clear();
        _forwarding.RecycleEncoded();
        if (!deferFlush)
        {
            FlushDeferred();
        }

        return queued;
    }

    /// <summary>Flushes every switch that <see cref="Dispatch"/> queued messages for since the last flush.</summary>
    private void FlushDeferred()
    {
        if (_flushDeferred.Count == 0)
        {
            return;
        }

        foreach (ulong dpid in _flushDeferred)
        {
            try
            {
                _state.FindSwitch(dpid)?.Connection.Flush();
            }
#pragma warning disable CA1031 // As in Dispatch: a closing session reports itself.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.SendFailed(_logger, dpid, e);
            }
        }

        _flushDeferred.Clear();
    }

    private void RecordReroute(TimeSpan duration, TimeSpan waited, TimeSpan? cpu, int destinations, int flowMods, RerouteGc gc)
    {
        _lastRerouteCpu = cpu;
        _reroutes++;
        _reroutedDestinations += destinations;
        _lastReroute = duration;
        _lastRerouteWait = waited;
        if (duration > _maxReroute)
        {
            _maxReroute = duration;
        }

        string cause = _state.Changes.Cause ?? "topology change";
        _state.AddEvent(new RerouteEvent(_state.Version, _state.Now, cause, destinations, flowMods, duration));
        Log.Rerouted(_logger, destinations, cause, flowMods, duration.TotalMilliseconds, waited.TotalMilliseconds, cpu?.TotalMilliseconds ?? double.NaN, gc.Collections, gc.Paused.TotalMilliseconds, gc.LoopAllocated / 1024.0);
        // What the last collection had to do (promote, skip pinned objects, scan a large older
        // generation) is what explains its pause, whether it hit this reroute or not (then it is a
        // sample of what the next one may cost); read after the flow-mods are out, and logged once
        // per collection rather than repeated for every reroute that follows it.
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.Any);
        if (info.Index != _lastLoggedCollection)
        {
            _lastLoggedCollection = info.Index;
            LogCollection(info, gc.Collections > 0 ? "during" : "before");
        }
    }

    private void LogCollection(GCMemoryInfo info, string when)
    {
        ReadOnlySpan<GCGenerationInfo> generations = info.GenerationInfo;
        double pauseMs = 0;
        foreach (TimeSpan pause in info.PauseDurations)
        {
            pauseMs += pause.TotalMilliseconds;
        }

        string kind = (info.Concurrent ? " background" : string.Empty) + (info.Compacted ? " compacting" : string.Empty);
        Log.RerouteCollection(
            _logger,
            when,
            info.Index,
            info.Generation,
            kind,
            pauseMs,
            info.PromotedBytes / 1024.0,
            info.PinnedObjectsCount,
            generations[0].SizeAfterBytes / 1024.0,
            generations[1].SizeAfterBytes / 1024.0,
            generations[2].SizeAfterBytes / 1024.0,
            generations[3].SizeAfterBytes / 1024.0,
            info.FragmentedBytes / 1024.0,
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    /// <summary>
    /// What the garbage collector did during one reroute: collections, the time the runtime was paused
    /// for them (every thread, the loop included), and what the loop itself allocated, which is what
    /// brings the next collection closer.
    /// </summary>
    private readonly record struct RerouteGc(int Collections, TimeSpan Paused, long LoopAllocated);

    /// <summary>Publishes the snapshot (if it changed), then the events it contains, then the counters.</summary>
    /// <param name="coalesceHosts">
    /// The loop is busy and will publish again after its next batch: a snapshot whose only news would
    /// be hosts waits until <see cref="HostPublishInterval"/> has passed since the last one. Each
    /// snapshot inserts the hosts learned since the previous one into the persistent host tree, a path
    /// of new nodes per host; under a packet-in storm that learns a host per packet, a snapshot per
    /// 256-input batch made that the loop's largest allocation, and coalescing many batches lets the
    /// inserts share most of their paths. An idle loop (and every command, quiesce and graph change)
    /// publishes at once, so readers (and event subscribers, whose events wait with the snapshot) lag
    /// only while packet-ins keep the loop busy, by at most the interval.
    /// </param>
    private void Publish(bool coalesceHosts = false)
    {
        if (coalesceHosts && _state.GraphVersion == _topology.GraphVersion &&
            _time.GetElapsedTime(_hostsPublishedAt) < HostPublishInterval)
        {
            // The events wait with the snapshot: a subscriber told of a learned host must find it in
            // the snapshot it then reads.
            return;
        }

        _hostsPublishedAt = _time.GetTimestamp();
        TopologySnapshot snapshot = _state.GetSnapshot();
        if (snapshot.GraphVersion != _publishedGraphVersion)
        {
            _publishedGraphVersion = snapshot.GraphVersion;
            _fastPath.Publish(snapshot.Links, _state.Declared);
        }

        if (!ReferenceEquals(snapshot, _topology))
        {
            _topology = snapshot;
        }

        PublishEventsAndStats();
    }

    private void PublishEventsAndStats()
    {
        // A learned-host event costs four objects, one per packet-in under a storm of new hosts; when
        // nobody subscribes and its debug log is off, nobody would see it, so it is never built. The
        // subscribers are taken once for the whole batch: one that joins meanwhile gets none of it, as if
        // it had joined an instant later, rather than the batch's other events without its hosts.
        NetworkEventSubscription[] subscribers = _events.Subscribers;
        _state.TakeEvents(_eventScratch, learnedHosts: subscribers.Length > 0 || _logger.IsEnabled(LogLevel.Debug));
        foreach (NetworkEvent e in _eventScratch)
        {
            LogEvent(e);
            EventHub.Publish(subscribers, e);
        }

        _eventScratch.Clear();
        _stats = new ControllerStats
        {
            FlowModsSent = _flowModsSent,
            PacketOutsSent = _packetOutsSent,
            LldpProbesSent = _discovery.ProbesSent,
            Floods = _forwarding.Floods,
            FloodEchoesDropped = _forwarding.FloodEchoesDropped,
            ProxyArpReplies = _forwarding.ProxyArpReplies,
            Unreachable = _forwarding.Unreachable,
            Reroutes = _reroutes,
            ReroutedDestinations = _reroutedDestinations,
            LastRerouteDuration = _lastReroute,
            LastRerouteQueueWait = _lastRerouteWait,
            LastRerouteCpuTime = _lastRerouteCpu,
            MaxRerouteDuration = _maxReroute,
            SwitchErrors = _switchErrors,
            InputsProcessed = _inputsProcessed,
            InputsFailed = _inputsFailed,
            InstalledRoutes = _forwarding.RouteCount,
            InstalledRules = _forwarding.RuleCount,
            PacketInsFastAnswered = _fastAnswered,
        };
    }

    private void LogEvent(NetworkEvent e)
    {
        switch (e)
        {
            case LinkUpEvent up:
                Log.LinkUp(_logger, up.Link);
                break;
            case LinkDownEvent down:
                Log.LinkDown(_logger, down.Link, down.Reason);
                break;
            case HostLearnedEvent learned:
                Log.HostLearned(_logger, learned.Host.Mac, learned.Host.Attachment);
                break;
            case HostMovedEvent moved:
                Log.HostMoved(_logger, moved.Mac, moved.From, moved.To);
                break;
        }
    }

    private static void Abandon(in LoopInput input)
    {
        switch (input.Kind)
        {
            case LoopInputKind.Command:
                ((LoopCommand)input.Payload!).Abandon();
                break;
            case LoopInputKind.Quiesce:
                ((TaskCompletionSource)input.Payload!).TrySetResult();
                break;
        }
    }
}
