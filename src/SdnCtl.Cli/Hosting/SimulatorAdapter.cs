using SdnCtl.Api.Simulation;
using SdnCtl.DataPlane.Network;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// Exposes a <see cref="SimulatedNetwork"/> to the REST API's simulator endpoints. The API cannot
/// reference the simulator (the planes share only the OpenFlow wire), so the executable that hosts
/// both adapts one to the other.
/// </summary>
internal sealed class SimulatorAdapter(SimulatedNetwork network, string? captureDirectory = null) : ISimulatorControl, ISimulatorCaptures, ISimulatorConnections
{
    /// <summary>Appliance life cycle for the controller's /api/v1/appliances, carried out on this network.</summary>
    public Control.Appliances.IApplianceOrchestrator Appliances { get; } = new SimulatedApplianceOrchestrator(network);

    private readonly string _captureDirectory = captureDirectory ?? Path.Combine(Path.GetTempPath(), "sdnctl-captures", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public SimulatedInventory Inventory { get; } = new(network.Inventory.Hosts, network.Inventory.Switches);

    public async Task<PingOutcome> PingAsync(string source, string destination, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var r = await network.PingAsync(source, destination, timeout ?? network.Options.PingTimeout, cancellationToken).ConfigureAwait(false);
        var status = r.Status switch
        {
            DataPlane.Network.PingStatus.Replied => Api.Simulation.PingStatus.Replied,
            DataPlane.Network.PingStatus.UnknownHost => Api.Simulation.PingStatus.UnknownHost,
            _ => Api.Simulation.PingStatus.TimedOut,
        };
        return new PingOutcome(status, r.Path, r.ReplyPath, r.Detail);
    }

    public async Task<ConnectOutcome> ConnectAsync(string source, string destination, bool tcp, ushort port, CancellationToken cancellationToken)
    {
        var r = await network.ConnectAsync(source, destination, tcp, port, cancellationToken: cancellationToken).ConfigureAwait(false);
        string status = r.Status switch
        {
            DataPlane.Hosts.ConnectStatus.Connected => "connected",
            DataPlane.Hosts.ConnectStatus.Refused => "refused",
            _ => "no answer",
        };
        return new ConnectOutcome(status, r.Path, r.ReplyPath, r.Detail);
    }

    public async Task<LinkChangeOutcome> SetLinkStateAsync(string a, string b, bool up, CancellationToken cancellationToken)
    {
        var r = await network.SetLinkStateAsync(a, b, up, cancellationToken).ConfigureAwait(false);
        return new LinkChangeOutcome(r.Found, r.Links, r.Up);
    }

    public CaptureInfo? Start(string port)
    {
        if (!Topology.PortRef.TryParse(port, out var parsed))
        {
            return null;
        }

        Directory.CreateDirectory(_captureDirectory);
        string path = Path.Combine(_captureDirectory, $"{parsed.Switch}-{parsed.Port}-{DateTime.UtcNow:yyyyMMddHHmmssfff}.pcap");
        return network.StartCapture(parsed, path) is { } capture ? ToInfo(capture) : null;
    }

    public IReadOnlyList<CaptureInfo> List() => [.. network.Captures.Select(ToInfo)];

    public byte[]? Read(int id)
    {
        if (network.FindCapture(id) is not { } capture)
        {
            return null;
        }

        capture.Flush();

        // The writer keeps the file open for more frames; share it for reading.
        using var stream = new FileStream(capture.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public bool Stop(int id)
    {
        if (network.FindCapture(id) is not { } capture)
        {
            return false;
        }

        capture.Stop();
        return true;
    }

    private static CaptureInfo ToInfo(DataPlane.Capture.PortCapture c) => new(c.Id, c.Port.ToString(), c.Frames, c.IsRunning);
}
