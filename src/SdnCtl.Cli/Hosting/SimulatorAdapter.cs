using SdnCtl.Api.Simulation;
using SdnCtl.DataPlane.Network;

namespace SdnCtl.Cli.Hosting;

/// <summary>
/// Exposes a <see cref="SimulatedNetwork"/> to the REST API's simulator endpoints. The API cannot
/// reference the simulator (the planes share only the OpenFlow wire), so the executable that hosts
/// both adapts one to the other.
/// </summary>
internal sealed class SimulatorAdapter(SimulatedNetwork network) : ISimulatorControl
{
    public SimulatedInventory Inventory { get; } = new(network.Inventory.Hosts, network.Inventory.Switches);

    public async Task<PingOutcome> PingAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var r = await network.PingAsync(source, destination, cancellationToken).ConfigureAwait(false);
        var status = r.Status switch
        {
            DataPlane.Network.PingStatus.Replied => Api.Simulation.PingStatus.Replied,
            DataPlane.Network.PingStatus.UnknownHost => Api.Simulation.PingStatus.UnknownHost,
            _ => Api.Simulation.PingStatus.TimedOut,
        };
        return new PingOutcome(status, r.Path, r.ReplyPath, r.Detail);
    }

    public async Task<LinkChangeOutcome> SetLinkStateAsync(string a, string b, bool up, CancellationToken cancellationToken)
    {
        var r = await network.SetLinkStateAsync(a, b, up, cancellationToken).ConfigureAwait(false);
        return new LinkChangeOutcome(r.Found, r.Links, r.Up);
    }
}
