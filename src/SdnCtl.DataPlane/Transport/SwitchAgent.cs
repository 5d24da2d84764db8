using System.Net;
using System.Net.Sockets;
using DotNetty.Transport.Bootstrapping;
using DotNetty.Transport.Channels;
using DotNetty.Transport.Channels.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// Connects one <see cref="SimulatedSwitch"/> to its controller over TCP (DotNetty) and keeps it
/// connected: when the connection fails or drops it retries with exponential back-off and
/// jitter. Many agents share one event loop group (see <see cref="SwitchAgentHost"/>).
/// </summary>
public sealed class SwitchAgent : IAsyncDisposable
{
    private readonly SwitchAgentOptions _options;
    private readonly SwitchTlsMaterial? _tls;
    private readonly IEventLoopGroup _group;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private volatile IChannel? _channel;
    private int _connectCount;
    private int _tlsFailureCount;
    private TaskCompletionSource? _held;

    /// <summary>Creates an agent; nothing happens until <see cref="Start"/>.</summary>
    public SwitchAgent(SimulatedSwitch sw, SwitchAgentOptions options, IEventLoopGroup group, ILogger? logger = null)
    {
        Switch = sw ?? throw new ArgumentNullException(nameof(sw));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _group = group ?? throw new ArgumentNullException(nameof(group));
        _logger = logger ?? NullLogger.Instance;

        // Loaded here so that a bad certificate file fails when the switch is added, not on every retry.
        _tls = options.Tls is null ? null : SwitchTlsMaterial.Load(options.Tls);
    }

    /// <summary>The switch.</summary>
    public SimulatedSwitch Switch { get; }

    /// <summary>True while a TCP connection is open.</summary>
    public bool IsConnected => _channel?.Active ?? false;

    /// <summary>Number of successful connections so far (reconnects included).</summary>
    public int ConnectCount => Volatile.Read(ref _connectCount);

    /// <summary>TLS handshakes with the controller that failed so far (either side refusing).</summary>
    public int TlsFailureCount => Volatile.Read(ref _tlsFailureCount);

    /// <summary>Why the last TLS handshake failed, or null.</summary>
    public string? LastTlsFailure { get; private set; }

    /// <summary>Starts connecting in the background (and keeps reconnecting until stopped).</summary>
    public void Start() => _run ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops reconnecting and closes the connection.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_channel is { } ch)
        {
            await ch.CloseAsync().ConfigureAwait(false);
        }

        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }
    }

    /// <summary>True between <see cref="HoldAsync"/> and <see cref="Resume"/>.</summary>
    public bool IsHeld => Volatile.Read(ref _held) is not null;

    /// <summary>
    /// Drops the connection and stays away from the controller until <see cref="Resume"/> (the switch
    /// keeps forwarding by its tables meanwhile): a switch that goes away and comes back, for tests and
    /// demonstrations of reconciliation. Completes once the connection is closed.
    /// </summary>
    public async Task HoldAsync()
    {
        Interlocked.CompareExchange(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
        if (_channel is { } ch)
        {
            await ch.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Lets a held agent connect again (at once, without back-off).</summary>
    public void Resume() => Interlocked.Exchange(ref _held, null)?.TrySetResult();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
        _tls?.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        string endpoint = $"{_options.Host}:{_options.Port}";
        var bootstrap = new Bootstrap()
            .Group(_group)
            .Channel<TcpSocketChannel>()
            .Option(ChannelOption.TcpNodelay, true)
            .Option(ChannelOption.ConnectTimeout, _options.ConnectTimeout)
            .Handler(new ActionChannelInitializer<ISocketChannel>(InitializeChannel));

        var delay = _options.InitialReconnectDelay;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (Volatile.Read(ref _held) is { } held)
                {
                    await held.Task.WaitAsync(ct).ConfigureAwait(false);
                    delay = _options.InitialReconnectDelay;
                }

                var address = await ResolveAsync(_options.Host, ct).ConfigureAwait(false);
                var channel = await bootstrap.ConnectAsync(address, _options.Port).ConfigureAwait(false);
                _channel = channel;
                if (Volatile.Read(ref _held) is not null)
                {
                    // Held while this connect was in flight.
                    await channel.CloseAsync().ConfigureAwait(false);
                }

                TransportLog.Connected(_logger, Switch.DatapathId, endpoint);
                delay = _options.InitialReconnectDelay;

                // StopAsync may have looked for a channel to close while this connect was still in
                // flight; closing on cancellation here means a late connection cannot keep the loop
                // (and so StopAsync) waiting for a close that nobody will ask for.
                using (ct.Register(static c => ((IChannel)c!).CloseAsync(), channel))
                {
                    await channel.CloseCompletion.ConfigureAwait(false);
                }

                _channel = null;
                if (!ct.IsCancellationRequested)
                {
                    TransportLog.Disconnected(_logger, Switch.DatapathId, endpoint, delay);
                }
            }
            catch (Exception e) when (e is SocketException or ConnectException or ConnectTimeoutException or TimeoutException or ChannelException or AggregateException)
            {
                TransportLog.ConnectFailed(_logger, Switch.DatapathId, endpoint, e.Message, delay);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }

            try
            {
                // Jitter keeps 50 switches from reconnecting in lockstep after a controller restart.
                var jittered = delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
                await Task.Delay(jittered, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }
    }

    private void InitializeChannel(ISocketChannel channel)
    {
        // Counted when the channel becomes active, before the switch's HELLO: counting after
        // ConnectAsync returns let a controller see the switch's replies before the count moved.
        var handler = new OpenFlowSwitchHandler(Switch, _logger, OnTlsFailed, () => Interlocked.Increment(ref _connectCount));
        if (_tls is not null)
        {
            // The switch's HELLO, written when the channel becomes active, waits in the TLS handler
            // until the handshake is done.
            channel.Pipeline.AddLast("tls", _tls.CreateHandler(_options.Host, handler.CertificateRejected));
        }

        // The handler cuts the stream into messages itself (see FrameSplitter).
        channel.Pipeline.AddLast("switch", handler);
    }

    private void OnTlsFailed(string reason)
    {
        LastTlsFailure = reason;
        Interlocked.Increment(ref _tlsFailureCount);
        TransportLog.TlsFailed(_logger, Switch.DatapathId, $"{_options.Host}:{_options.Port}", reason);
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
    }
}
