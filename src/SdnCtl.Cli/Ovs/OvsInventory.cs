using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdnCtl.Cli.Ovs;

/// <summary>
/// What <c>sdnctl ovs up</c> created on this machine, so <c>sdnctl ovs down</c> removes exactly that
/// and nothing else. Each name is recorded before the command that creates it runs, so a build that
/// fails half-way can still be removed completely.
/// </summary>
internal sealed class OvsInventory
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public List<string> Bridges { get; init; } = [];

    public List<string> Namespaces { get; init; } = [];

    /// <summary>Root-namespace veth ends (deleting one end deletes its peer).</summary>
    public List<string> Veths { get; init; } = [];

    [JsonIgnore]
    public bool IsEmpty => Bridges.Count == 0 && Namespaces.Count == 0 && Veths.Count == 0;

    /// <summary>The commands that remove everything recorded: bridges first (their ports go with them), then veths, then namespaces.</summary>
    public IReadOnlyList<OvsStep> TeardownSteps()
    {
        var steps = new List<OvsStep>();
        foreach (string bridge in Bridges)
        {
            steps.Add(new OvsStep("ovs-vsctl", ["--timeout=10", "--if-exists", "del-br", bridge], TolerateMissing: true));
        }

        foreach (string veth in Veths)
        {
            steps.Add(new OvsStep("ip", ["link", "del", veth], TolerateMissing: true));
        }

        foreach (string ns in Namespaces)
        {
            steps.Add(new OvsStep("ip", ["netns", "del", ns], TolerateMissing: true));
        }

        return steps;
    }

    public async Task SaveAsync(string path, CancellationToken cancellationToken)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The inventory saved at <paramref name="path"/>, or null when there is none.</summary>
    public static async Task<OvsInventory?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<OvsInventory>(stream, Json, cancellationToken).ConfigureAwait(false);
    }
}
