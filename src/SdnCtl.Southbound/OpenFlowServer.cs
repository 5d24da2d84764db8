using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using DotNetty.Buffers;
using DotNetty.Handlers.Timeout;
using DotNetty.Transport.Bootstrapping;
using DotNetty.Transport.Channels;
using DotNetty.Transport.Channels.Sockets;
using Microsoft.Extensions.Logging;
using SdnCtl.Control.Switches;
using SdnCtl.Southbound.Sessions;
using SdnCtl.Southbound.Tls;
using SdnCtl.Southbound.Transport;

namespace SdnCtl.Southbound;

/// <summary>
/// The controller side of OpenFlow 1.3: listens for switches, runs one session per connection
/// (handshake, keep-alive, request correlation, batched writes) and reports switches to the control
/// plane through an <see cref="ISwitchEventSink"/>.
/// </summary>
/// <remarks>
/// One DotNetty event-loop group, sized to the machine, accepts connections and serves them; each
/// connection stays on one loop thread for its lifetime. Sink callbacks run on those threads and
/// must return quickly.
/// </remarks>
public sealed class OpenFlowServer : IAsyncDisposable, ISessionRegistry
{
    // No quiet period: every session is closed and awaited before the group shuts down, so there is
    // no late work to wait for, and DotNetty's quiet-period check otherwise runs into the timeout.
    private static readonly TimeSpan ShutdownQuietPeriod = TimeSpan.Zero;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly SouthboundOptions _options;
    private readonly ISwitchEventSink _sink;
    private readonly ILogger _logger;
    private readonly Lock _registryGate = new();
    private readonly Dictionary<ulong, SwitchSession> _byDatapath = [];
    private readonly ConcurrentDictionary<SwitchSession, byte> _sessions = new();
    private OpenFlowTlsMaterial? _tls;
    private MultithreadEventLoopGroup? _group;
    private IChannel? _listener;
    private int _started;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Listener and session settings; validated by <see cref="StartAsync"/>.</param>
    /// <param name="sink">Receives switch life-cycle and asynchronous messages.</param>
    /// <param name="logger">Receives the southbound's log (event ids 3000–3099).</param>
    public OpenFlowServer(SouthboundOptions options, ISwitchEventSink sink, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _sink = sink;
        _logger = logger;
    }

    /// <summary>The address actually bound (with the real port when <see cref="SouthboundOptions.Port"/> is 0).</summary>
    /// <exception cref="InvalidOperationException">The server has not been started.</exception>
    public IPEndPoint BoundEndPoint
    {
        get
        {
            var endPoint = (IPEndPoint?)_listener?.LocalAddress ?? ThrowNotStarted<IPEndPoint>();

            // DotNetty binds dual-mode sockets and reports IPv4 addresses in their mapped form.
            return endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
        }
    }

    /// <summary>Switches that completed the handshake and are still connected.</summary>
    public IReadOnlyCollection<ISwitchConnection> Connections
    {
        get
        {
            lock (_registryGate)
            {
                return _byDatapath.Values.ToArray();
            }
        }
    }

    /// <summary>The connected switch with datapath id <paramref name="datapathId"/>, or null.</summary>
    public ISwitchConnection? Find(ulong datapathId) => FindSession(datapathId);

    /// <summary>Traffic counters of the connected switch with datapath id <paramref name="datapathId"/>.</summary>
    public bool TryGetCounters(ulong datapathId, out SwitchSessionCounters counters)
    {
        var session = FindSession(datapathId);
        counters = session?.Counters ?? default;
        return session is not null;
    }

    /// <summary>Binds the listener. Call once.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException">The server was already started.</exception>
    public async Task StartAsync()
    {
        _options.Validate();
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the OpenFlow server has already been started");
        }

        _tls = _options.Tls is null ? null : OpenFlowTlsMaterial.Load(_options.Tls);
        int threads = _options.EventLoopThreads > 0 ? _options.EventLoopThreads : Environment.ProcessorCount;
        _group = new MultithreadEventLoopGroup(threads);
        var bootstrap = new ServerBootstrap()
            .Group(_group, _group)
            .Channel<TcpServerSocketChannel>()
            .Option(ChannelOption.SoBacklog, 1024)
            .Option(ChannelOption.SoReuseaddr, true)
            .ChildOption(ChannelOption.TcpNodelay, true)
            .ChildOption(ChannelOption.SoKeepalive, true)
            .ChildOption(ChannelOption.Allocator, PooledByteBufferAllocator.Default)
            .ChildHandler(new ActionChannelInitializer<IChannel>(InitializeChannel));

        try
        {
            _listener = await bootstrap.BindAsync(new IPEndPoint(_options.ListenAddress, _options.Port)).ConfigureAwait(false);
        }
        catch
        {
            await _group.ShutdownGracefullyAsync(TimeSpan.Zero, ShutdownTimeout).ConfigureAwait(false);
            _group = null;
            _tls?.Dispose();
            _tls = null;
            throw;
        }

        _logger.Listening(BoundEndPoint);
        if (_tls is not null)
        {
            _logger.TlsEnabled(_tls.RequiresClientCertificate);
        }
    }

    /// <summary>
    /// Stops listening and closes every session (each reported through
    /// <see cref="ISwitchEventSink.SwitchDisconnected"/>), then releases the I/O threads.
    /// </summary>
    public async Task StopAsync()
    {
        var group = Interlocked.Exchange(ref _group, null);
        if (group is null)
        {
            return;
        }

        // Every step is bounded: a peer that does not take its bytes, or DotNetty's known slow
        // executor shutdown (Azure/DotNetty#239, #631), must not hold up the controller's exit.
        if (_listener is not null)
        {
            await BoundedAsync(_listener.CloseAsync(), "closing the listener").ConfigureAwait(false);
        }

        var closing = _sessions.Keys.Select(s => s.CloseAsync("controller shutting down")).ToArray();
        await BoundedAsync(Task.WhenAll(closing), "closing the switch sessions").ConfigureAwait(false);
        await BoundedAsync(group.ShutdownGracefullyAsync(ShutdownQuietPeriod, ShutdownTimeout), "stopping the I/O threads").ConfigureAwait(false);
        _tls?.Dispose();
        _tls = null;
        _logger.Stopped();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <inheritdoc/>
    void ISessionRegistry.Track(SwitchSession session) => _sessions.TryAdd(session, 0);

    /// <inheritdoc/>
    SwitchSession? ISessionRegistry.Register(SwitchSession session)
    {
        lock (_registryGate)
        {
            _byDatapath.TryGetValue(session.DatapathId, out var previous);
            _byDatapath[session.DatapathId] = session;
            return previous;
        }
    }

    /// <inheritdoc/>
    void ISessionRegistry.Unregister(SwitchSession session)
    {
        _sessions.TryRemove(session, out _);
        lock (_registryGate)
        {
            if (_byDatapath.TryGetValue(session.DatapathId, out var current) && ReferenceEquals(current, session))
            {
                _byDatapath.Remove(session.DatapathId);
            }
        }
    }

    /// <summary>The session of a connected datapath (tests and counters).</summary>
    internal SwitchSession? FindSession(ulong datapathId)
    {
        lock (_registryGate)
        {
            return _byDatapath.GetValueOrDefault(datapathId);
        }
    }

    private void InitializeChannel(IChannel channel)
    {
        // Set in an order that never passes through low > high, which DotNetty rejects.
        var config = channel.Configuration;
        if (_options.WriteBufferHighWaterMark >= config.WriteBufferLowWaterMark)
        {
            config.WriteBufferHighWaterMark = _options.WriteBufferHighWaterMark;
            config.WriteBufferLowWaterMark = _options.WriteBufferLowWaterMark;
        }
        else
        {
            config.WriteBufferLowWaterMark = _options.WriteBufferLowWaterMark;
            config.WriteBufferHighWaterMark = _options.WriteBufferHighWaterMark;
        }

        // Idle detection first, so that any byte at all counts as a sign of life.
        channel.Pipeline.AddLast("idle", new IdleStateHandler(_options.EchoInterval, TimeSpan.Zero, TimeSpan.Zero));
        var session = new SwitchSessionHandler(this, _sink, _options, _logger);
        if (_tls is not null)
        {
            // Below the framer: OpenFlow frames are cut from the decrypted stream. The session's
            // handshake timer, started when the TCP connection is accepted, covers the TLS handshake too.
            channel.Pipeline.AddLast("tls", _tls.CreateHandler(session.CertificateRejected));
        }

        channel.Pipeline.AddLast("framer", new OpenFlowFrameDecoder());
        channel.Pipeline.AddLast("session", session);
    }

    private async Task BoundedAsync(Task step, string what)
    {
        try
        {
            await step.WaitAsync(ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.ShutdownStepTimedOut(what, ShutdownTimeout);
        }
    }

    [DoesNotReturn]
    private static T ThrowNotStarted<T>() => throw new InvalidOperationException("the OpenFlow server has not been started");
}
