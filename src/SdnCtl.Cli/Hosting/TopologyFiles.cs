using SdnCtl.Topology;

namespace SdnCtl.Cli.Hosting;

/// <summary>Loads a topology file for a command, printing every file:line:column error when it is invalid.</summary>
internal static class TopologyFiles
{
    /// <summary>The document, or null after the errors were written to standard error.</summary>
    public static async Task<TopologyDocument?> LoadOrReportAsync(FileInfo file)
    {
        var result = TopologyLoader.TryLoad(file.FullName);
        foreach (var e in result.Errors)
        {
            await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }

        return result.Document;
    }
}
