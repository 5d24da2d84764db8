using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.Control.Switches;
using SdnCtl.Southbound.Sessions;

namespace SdnCtl.Southbound.Tests.Fakes;

/// <summary>An <see cref="OpenFlowServer"/> on an ephemeral loopback port with a recording sink.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    /// <summary>Failure guard for every await in the tests; never reached when things work.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly List<FakeSwitch> _switches = [];

    private TestServer(SouthboundOptions options)
    {
        Options = options;
        Server = new OpenFlowServer(options, Sink, FileLogger.Enabled ? new FileLogger() : NullLogger.Instance);
    }

    public SouthboundOptions Options { get; }

    public RecordingSink Sink { get; } = new();

    public OpenFlowServer Server { get; }

    public static async Task<TestServer> StartAsync(Action<SouthboundOptions>? configure = null)
    {
        var options = new SouthboundOptions
        {
            ListenAddress = IPAddress.Loopback,
            Port = 0,

            // Long by default so that keep-alive traffic never interferes with tests about something else.
            EchoInterval = TimeSpan.FromMinutes(5),
            EchoTimeout = TimeSpan.FromMinutes(15),
            EventLoopThreads = 2,
        };
        configure?.Invoke(options);
        var server = new TestServer(options);
        await server.Server.StartAsync();
        return server;
    }

    /// <summary>Connects a fake switch (not waiting for the handshake).</summary>
    public async Task<FakeSwitch> ConnectAsync(FakeSwitch fake)
    {
        _switches.Add(fake);
        await fake.ConnectAsync(Server.BoundEndPoint).WaitAsync(Guard);
        return fake;
    }

    /// <summary>Connects a default fake switch and waits until the sink reports it connected.</summary>
    public async Task<(FakeSwitch Fake, ISwitchConnection Connection)> ConnectSwitchAsync(ulong datapathId, Func<FakeSwitch>? create = null)
    {
        var fake = await ConnectAsync(create?.Invoke() ?? new FakeSwitch(datapathId));
        var connection = await Sink.WaitForConnectedAsync(datapathId).WaitAsync(Guard);
        return (fake, connection);
    }

    /// <summary>The session behind a connection, for its counters.</summary>
    public static SwitchSession SessionOf(ISwitchConnection connection) => (SwitchSession)connection;

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync().WaitAsync(Guard);
        foreach (var fake in _switches)
        {
            await fake.DisposeAsync();
        }
    }
}
