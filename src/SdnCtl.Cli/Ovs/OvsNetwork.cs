namespace SdnCtl.Cli.Ovs;

/// <summary>Runs an <see cref="OvsPlan"/> on this machine, and removes what it built.</summary>
internal static class OvsNetwork
{
    // What ip and ovs-vsctl say when the thing to delete does not exist (any more).
    private static readonly string[] MissingMarkers = ["Cannot find device", "No such file or directory", "does not exist", "not found"];

    /// <summary>
    /// Runs every step of <paramref name="plan"/>. When one fails, removes everything built so far and
    /// throws <see cref="OvsCommandException"/> naming the failed command and what it printed.
    /// </summary>
    public static async Task UpAsync(OvsPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var step in plan.Steps)
        {
            ProcessResult result;
            try
            {
                result = await ProcessRunner.RunAsync(step, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
            {
                await DownAsync(plan.Inventory, CancellationToken.None).ConfigureAwait(false);
                if (e is OperationCanceledException)
                {
                    throw;
                }

                throw new OvsCommandException(step, $"could not run {step.Program}: {e.Message} (is Open vSwitch installed?)", e);
            }

            if (!result.Succeeded)
            {
                await DownAsync(plan.Inventory, CancellationToken.None).ConfigureAwait(false);
                string hint = result.StandardError.Contains("database connection failed", StringComparison.Ordinal)
                    ? " -- is Open vSwitch running? Start a private one with '.ci/ovs-up.sh DIR' and export OVS_RUNDIR=DIR/run, or the system's with 'systemctl start openvswitch-switch'"
                    : string.Empty;
                throw new OvsCommandException(step, $"'{step}' failed ({result.ExitCode}): {result.StandardError.Trim()}{hint}");
            }
        }
    }

    /// <summary>Removes everything in <paramref name="inventory"/>; keeps going past failures and returns them.</summary>
    public static async Task<IReadOnlyList<string>> DownAsync(OvsInventory inventory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var failures = new List<string>();
        foreach (var step in inventory.TeardownSteps())
        {
            try
            {
                var result = await ProcessRunner.RunAsync(step, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded && !(step.TolerateMissing && MissingMarkers.Any(m => result.StandardError.Contains(m, StringComparison.OrdinalIgnoreCase))))
                {
                    failures.Add($"'{step}' failed ({result.ExitCode}): {result.StandardError.Trim()}");
                }
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                failures.Add($"could not run {step.Program}: {e.Message}");
            }
        }

        return failures;
    }
}
