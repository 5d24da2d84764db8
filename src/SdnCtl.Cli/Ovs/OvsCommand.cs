using System.CommandLine;
using SdnCtl.Cli.Hosting;

namespace SdnCtl.Cli.Ovs;

/// <summary>
/// <c>sdnctl ovs up FILE</c> builds a topology file's network on the local Open vSwitch (bridges,
/// veth or patch links, hosts as namespaces) and <c>sdnctl ovs down</c> removes it again. OVS must be
/// running (system-wide, or private with OVS_RUNDIR set, as <c>.ci/ovs-up.sh DIR</c> starts it).
/// </summary>
internal static class OvsCommand
{
    public static string DefaultStateFile =>
        Path.Combine(Environment.GetEnvironmentVariable("OVS_RUNDIR") is { Length: > 0 } run ? run : Path.GetTempPath(), "sdnctl-ovs.json");

    public static Command Create()
    {
        var state = new Option<FileInfo>("--state")
        {
            Description = "Where up records what it built, for down",
            DefaultValueFactory = _ => new FileInfo(DefaultStateFile),
        };

        var file = new Argument<FileInfo>("FILE") { Description = "Topology YAML" };
        var controller = new Option<string>("--controller")
        {
            Description = "Controller target for every bridge, in OVS syntax",
            DefaultValueFactory = _ => "tcp:127.0.0.1:6653",
        };
        var links = new Option<OvsLinkKind>("--links")
        {
            Description = "Build switch-to-switch links as veth pairs (visible to tcpdump) or OVS patch ports",
            DefaultValueFactory = _ => OvsLinkKind.Veth,
        };
        var up = new Command("up", "Build the file's switches as OVS bridges and its hosts as network namespaces") { file, controller, links, state };
        up.SetAction((parse, ct) => UpAsync(parse.GetValue(file)!, parse.GetValue(controller)!, parse.GetValue(links), parse.GetValue(state)!, ct));

        var down = new Command("down", "Remove the bridges, namespaces and veths that 'ovs up' built") { state };
        down.SetAction((parse, ct) => DownAsync(parse.GetValue(state)!, ct));

        return new Command("ovs", "Run a topology on the local Open vSwitch (needs root)") { up, down };
    }

    private static async Task<int> UpAsync(FileInfo file, string controller, OvsLinkKind links, FileInfo state, CancellationToken ct)
    {
        var document = await TopologyFiles.LoadOrReportAsync(file).ConfigureAwait(false);
        if (document is null)
        {
            return 1;
        }

        if (!OvsPlan.TryCreate(document, new OvsPlanOptions { Controller = controller, Links = links }, out var plan, out string? problem))
        {
            await Console.Error.WriteLineAsync($"{file.Name}: {problem}").ConfigureAwait(false);
            return 1;
        }

        if (state.Exists)
        {
            await Console.Error.WriteLineAsync($"{state.FullName} exists: a network is already up; run 'sdnctl ovs down' first").ConfigureAwait(false);
            return 1;
        }

        // Recorded before the first command, so that down can remove a build that was interrupted.
        await plan.Inventory.SaveAsync(state.FullName, ct).ConfigureAwait(false);
        try
        {
            await OvsNetwork.UpAsync(plan, ct).ConfigureAwait(false);
        }
        catch (OvsCommandException e)
        {
            File.Delete(state.FullName);
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            await Console.Error.WriteLineAsync("everything built so far was removed again").ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine($"{document.Name}: {plan.Inventory.Bridges.Count} bridges, {document.Links.Count} links ({links}), {plan.Inventory.Namespaces.Count} host namespaces, controller {controller}");
        Console.WriteLine($"try: ip netns exec {document.Hosts.FirstOrDefault()?.Name ?? "HOST"} ping ...; remove with: sdnctl ovs down --state {state.FullName}");
        return 0;
    }

    private static async Task<int> DownAsync(FileInfo state, CancellationToken ct)
    {
        var inventory = await OvsInventory.LoadAsync(state.FullName, ct).ConfigureAwait(false);
        if (inventory is null)
        {
            await Console.Error.WriteLineAsync($"{state.FullName} does not exist: nothing was built with 'sdnctl ovs up' (or --state names another file)").ConfigureAwait(false);
            return 1;
        }

        var failures = await OvsNetwork.DownAsync(inventory, ct).ConfigureAwait(false);
        foreach (string failure in failures)
        {
            await Console.Error.WriteLineAsync(failure).ConfigureAwait(false);
        }

        if (failures.Count > 0)
        {
            return 1;
        }

        File.Delete(state.FullName);
        Console.WriteLine($"removed {inventory.Bridges.Count} bridges, {inventory.Veths.Count} veths, {inventory.Namespaces.Count} namespaces");
        return 0;
    }
}
