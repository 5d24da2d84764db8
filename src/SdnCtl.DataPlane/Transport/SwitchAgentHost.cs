using DotNetty.Transport.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Switch;

namespace SdnCtl.DataPlane.Transport;

/// <summary>
/// Runs many simulated switches against one controller, all sharing one DotNetty
/// <see cref="MultithreadEventLoopGroup"/> (a 50-switch fabric needs two threads, not fifty),
/// and drives their flow timeouts with one timer.
/// </summary>
public sealed class SwitchAgentHost : IAsyncDisposable
{
    private readonly List<SwitchAgent> _agents = [];
    private readonly MultithreadEventLoopGroup _group;
    private readonly ILoggerFactory _loggerFactory;
    private readonly CancellationTokenSource _stop = new();
    private Task? _ticker;

    /// <summary>Creates a host; <paramref name="eventLoopThreads"/> 0 means one per core.</summary>
    public SwitchAgentHost(SwitchAgentOptions options, int eventLoopThreads = 0, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _group = eventLoopThreads > 0 ? new MultithreadEventLoopGroup(eventLoopThreads) : new MultithreadEventLoopGroup();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>Connection settings shared by all agents.</summary>
    public SwitchAgentOptions Options { get; }

    /// <summary>The agents, in the order added.</summary>
    public IReadOnlyList<SwitchAgent> Agents => _agents;

    /// <summary>
    /// Creates <paramref name="count"/> switches with datapath ids 1..count and
    /// <paramref name="portsPerSwitch"/> ports each, and adds them.
    /// </summary>
    public IReadOnlyList<SimulatedSwitch> AddSwitches(int count, int portsPerSwitch, Func<ulong, SwitchOptions>? options = null)
    {
        var created = new List<SimulatedSwitch>(count);
        for (int i = 1; i <= count; i++)
        {
            ulong dpid = (ulong)i;
            var sw = new SimulatedSwitch(options?.Invoke(dpid) ?? new SwitchOptions { DatapathId = dpid }, logger: _loggerFactory.CreateLogger<SimulatedSwitch>());
            for (uint p = 1; p <= portsPerSwitch; p++)
            {
                sw.AddPort(p);
            }

            Add(sw);
            created.Add(sw);
        }

        return created;
    }

    /// <summary>Adds a switch (started by <see cref="Start"/>, or at once if the host is running).</summary>
    public SwitchAgent Add(SimulatedSwitch sw)
    {
        var agent = new SwitchAgent(sw, Options, _group, _loggerFactory.CreateLogger<SwitchAgent>());
        _agents.Add(agent);
        if (_ticker is not null)
        {
            agent.Start();
        }

        return agent;
    }

    /// <summary>Connects every switch and starts the timeout timer.</summary>
    public void Start()
    {
        foreach (var a in _agents)
        {
            a.Start();
        }

        _ticker ??= Task.Run(() => TickAsync(_stop.Token));
    }

    /// <summary>Disconnects every switch and stops the event loops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_agents.Select(a => a.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (_ticker is not null)
        {
            await _ticker.ConfigureAwait(false);
        }

        await _group.ShutdownGracefullyAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task TickAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Options.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                foreach (var a in _agents)
                {
                    a.Switch.Tick();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
