using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SdnCtl.Cli.Hosting;
using SdnCtl.Cli.Ovs;
using SdnCtl.Control.Switches;
using SdnCtl.IntegrationTests;
using SdnCtl.Topology;

namespace SdnCtl.OvsInterop.Tests;

/// <summary>
/// A private Open vSwitch (started by <c>.ci/ovs-up.sh</c>, stopped by pid file with
/// <c>.ci/ovs-down.sh</c>), the controller in this process on free ports, and <c>ovs-line.yaml</c>
/// built on the switch by the same code as <c>sdnctl ovs up</c>. Where that cannot run (not root,
/// packages not installable) every test skips with <see cref="SkipReason"/>.
/// </summary>
public sealed partial class OvsFixture : IAsyncLifetime
{
    public const string TopologyFile = "ovs-line.yaml";

    private string? _ovsDir;
    private FileStream? _machineLock;
    private OvsPlan? _plan;
    private ILoggerFactory? _loggers;

    /// <summary>Why the suite cannot run here, or null.</summary>
    public string? SkipReason { get; private set; }

    internal ControllerHost Host { get; private set; } = null!;

    public TopologyDocument Document { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The controller's warnings (switch errors among them).</summary>
    internal RecordingLoggerProvider Log { get; } = new();

    public string OvsDirectory => _ovsDir!;

    public void SkipIfUnavailable() => Skip.If(SkipReason is not null, SkipReason);

    public ulong Dpid(string switchName) => Document.FindSwitch(switchName)!.DatapathId;

    public ISwitchConnection Connection(string switchName) =>
        Host.ControlPlane.GetSwitch(Dpid(switchName)) ?? throw new InvalidOperationException($"switch {switchName} is not connected");

    public async Task InitializeAsync()
    {
        if (geteuid() != 0)
        {
            SkipReason = "the OVS interop suite needs root (network namespaces, veth pairs, ovs-vswitchd); run it as root or in CI";
            return;
        }

        try
        {
            // Namespaces and interface names are machine-wide: two runs of this suite at once (two
            // worktrees, two CI jobs) would tear down each other's hosts. One at a time.
            _machineLock = await AcquireMachineLockAsync();
            _ovsDir = Directory.CreateTempSubdirectory("sdnctl-ovs-").FullName;
            var up = await ProcessRunner.RunAsync(new OvsStep("bash", [Script("ovs-up.sh"), _ovsDir]), CancellationToken.None);
            switch (up.ExitCode)
            {
                case 0:
                    break;
                case 2:
                case 3:
                    SkipReason = "Open vSwitch is not available: " + up.StandardError.Trim();
                    Directory.Delete(_ovsDir, recursive: true);
                    _ovsDir = null;
                    return;
                default:
                    throw new InvalidOperationException($"ovs-up.sh failed ({up.ExitCode}): {up.StandardError}");
            }

            // The OVS tools run by this process and its children talk to the private instance.
            Environment.SetEnvironmentVariable("OVS_RUNDIR", Path.Combine(_ovsDir, "run"));
            Environment.SetEnvironmentVariable("OVS_DBDIR", Path.Combine(_ovsDir, "db"));
            Environment.SetEnvironmentVariable("OVS_LOGDIR", Path.Combine(_ovsDir, "log"));

            Document = TopologyLoader.Load(Path.Combine(AppContext.BaseDirectory, TopologyFile));
            _loggers = LoggerFactory.Create(b => b.AddProvider(Log));
            Host = await ControllerHost.StartAsync(
                new ControllerHostOptions
                {
                    OpenFlow = new IPEndPoint(IPAddress.Loopback, 0),
                    // Port 0: Kestrel binds a free port itself and ApiAddress reports it. A port picked
                    // free beforehand (FreePorts) could be taken by another run before the bind.
                    Api = new Uri("http://127.0.0.1:0"),
                    Declared = Document,
                    // Shorter than the LLDP round, so the controller's keep-alive runs between probes.
                    EchoInterval = TimeSpan.FromMilliseconds(300),
                },
                _loggers,
                null);
            Http = new HttpClient { BaseAddress = new Uri(Host.ApiAddress.TrimEnd('/') + "/") };

            var options = new OvsPlanOptions { Controller = $"tcp:127.0.0.1:{Host.Server.BoundEndPoint.Port}" };
            if (!OvsPlan.TryCreate(Document, options, out var plan, out string? problem))
            {
                throw new InvalidOperationException(problem);
            }

            _plan = plan;
            // A run that was killed may have left its namespaces and veths behind; they would block this one.
            await OvsNetwork.DownAsync(plan.Inventory, CancellationToken.None);
            await OvsNetwork.UpAsync(plan, CancellationToken.None);
            await ControlPlaneWaits.UntilAsync(Host.ControlPlane, () => Host.ControlPlane.CompareWithDeclared() is { IsEmpty: true });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        var failures = new List<string>();
        if (_plan is not null)
        {
            failures.AddRange(await OvsNetwork.DownAsync(_plan.Inventory, CancellationToken.None));
            _plan = null;
        }

        if (_ovsDir is not null)
        {
            // OVS's own account of the run, kept beside the test binaries for a failed CI run to be read.
            string kept = Path.Combine(AppContext.BaseDirectory, "ovs-logs");
            Directory.CreateDirectory(kept);
            foreach (string log in Directory.EnumerateFiles(Path.Combine(_ovsDir, "log"), "*.log"))
            {
                File.Copy(log, Path.Combine(kept, Path.GetFileName(log)), overwrite: true);
            }

            var down = await ProcessRunner.RunAsync(new OvsStep("bash", [Script("ovs-down.sh"), _ovsDir]), CancellationToken.None);
            if (!down.Succeeded)
            {
                failures.Add("ovs-down.sh: " + down.StandardError);
            }

            _ovsDir = null;
        }

        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        _loggers?.Dispose();
        _machineLock?.Dispose();
        _machineLock = null;
        Assert.True(failures.Count == 0, "cleanup failed: " + string.Join("; ", failures));
    }

    /// <summary>Runs a command and returns its standard output; fails the test when it fails.</summary>
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(new OvsStep(program, arguments), CancellationToken.None);
        Assert.True(result.Succeeded, $"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>The bridge's flows whose cookie matches, as ovs-ofctl prints them without counters and port names.</summary>
    public static async Task<List<string>> DumpFlowsAsync(string bridge, ulong cookie = 0, ulong cookieMask = 0)
    {
        string output = await RunAsync("ovs-ofctl", "-O", "OpenFlow13", "--no-stats", "--no-names", "dump-flows", bridge, $"cookie=0x{cookie:x}/0x{cookieMask:x}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("cookie=", StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>
    /// One ping from a host namespace; true when it was answered within <paramref name="waitSeconds"/>.
    /// One second suits a ping that should go unanswered or that a poll repeats; a single ping that must
    /// be answered needs longer, as userspace OVS on a loaded machine can take more than a second.
    /// </summary>
    public static async Task<bool> PingOnceAsync(string fromHost, string toAddress, int waitSeconds = 1)
    {
        string wait = waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var result = await ProcessRunner.RunAsync(new OvsStep("ip", ["netns", "exec", fromHost, "ping", "-c", "1", "-W", wait, toAddress]), CancellationToken.None);
        return result.Succeeded;
    }

    public string HostAddress(string host) => Document.FindHost(host)!.Ipv4.ToString();

    /// <summary>
    /// An exclusive lock on a well-known file (.NET takes an flock for FileShare.None on Unix, and the
    /// kernel drops it when the process dies, so a killed run cannot leave it held).
    /// </summary>
    private static async Task<FileStream> AcquireMachineLockAsync()
    {
        const string path = "/tmp/sdnctl-ovs-interop.lock";
        FileStream? stream = null;
        await Poll.UntilAsync(
            () =>
            {
                try
                {
                    stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            },
            "no other run of the OVS interop suite holds " + path,

            // A run holds the lock for the whole suite (1.5 min alone, several under load), and on a
            // shared CI machine a few runs can queue behind it: 5 min failed the queue's last run.
            TimeSpan.FromMinutes(30));
        return stream!;
    }

    internal static string Script(string name) => Path.Combine(RepoPaths.Root, ".ci", name);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
