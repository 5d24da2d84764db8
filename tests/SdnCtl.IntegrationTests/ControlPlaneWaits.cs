using SdnCtl.Control;

namespace SdnCtl.IntegrationTests;

/// <summary>Waits on the control plane's events, not on the clock.</summary>
internal static class ControlPlaneWaits
{
    public static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    /// <summary>Awaits network events until <paramref name="condition"/> holds; the guard only fails a hung test.</summary>
    public static async Task UntilAsync(IControlPlane controlPlane, Func<bool> condition)
    {
        using var cts = new CancellationTokenSource(Guard);
        using var subscription = controlPlane.Subscribe();
        await controlPlane.QuiesceAsync(cts.Token);
        if (condition())
        {
            return;
        }

        await foreach (var _ in subscription.ReadAllAsync(cts.Token))
        {
            if (condition())
            {
                return;
            }
        }
    }

    /// <summary>
    /// Awaits network events until the discovered network is the declared one again: a link set up in
    /// the simulator is back for the controller only once both ends' PORT_STATUS and probes are handled,
    /// so a test that cut links on a shared fixture waits for this before the next test sees the fixture.
    /// </summary>
    public static Task UntilDeclaredAsync(IControlPlane controlPlane) =>
        UntilAsync(controlPlane, () => controlPlane.CompareWithDeclared() is { IsEmpty: true });
}
