using System.Net;
using System.Net.Sockets;
using SdnCtl.Control;

namespace SdnCtl.Cli.Bench;

/// <summary>Small pieces every bench uses: percentiles, a free loopback port, waiting for switches.</summary>
internal static class BenchSupport
{
    /// <summary>The <paramref name="q"/>-quantile (nearest rank) of ascending <paramref name="sorted"/>; 0 when empty.</summary>
    public static double Percentile(double[] sorted, double q) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits on the control plane's events (not the clock) until <paramref name="count"/> switches with
    /// their ports are in its topology; packet-ins from a switch it has not taken on yet would be dropped.
    /// </summary>
    public static async Task WaitForSwitchesAsync(IControlPlane controlPlane, int count, TimeSpan guard, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(guard);
        using var subscription = controlPlane.Subscribe();
        await controlPlane.QuiesceAsync(timeout.Token).ConfigureAwait(false);
        if (Ready())
        {
            return;
        }

        await foreach (var _ in subscription.ReadAllAsync(timeout.Token).ConfigureAwait(false))
        {
            if (Ready())
            {
                return;
            }
        }

        bool Ready() => controlPlane.Topology.Switches.Count(s => s.Ports.Length > 0) >= count;
    }
}
