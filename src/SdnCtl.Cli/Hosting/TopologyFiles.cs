using SdnCtl.Nfv;
using SdnCtl.Topology;

namespace SdnCtl.Cli.Hosting;

/// <summary>Loads a topology file for a command, printing every file:line:column error when it is invalid.</summary>
internal static class TopologyFiles
{
    /// <summary>The document, or null after the errors were written to standard error.</summary>
    public static async Task<TopologyDocument?> LoadOrReportAsync(FileInfo file)
    {
        var errors = Check(file, out var document);
        foreach (var e in errors)
        {
            await Console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
        }

        return errors.Count == 0 ? document : null;
    }

    /// <summary>
    /// Loads the file and binds its appliances to their kinds (loading third-party assemblies), so
    /// an unknown kind or a bad option is an error of the file, with its line and column.
    /// </summary>
    public static IReadOnlyList<TopologyError> Check(FileInfo file, out TopologyDocument? document)
    {
        var result = TopologyLoader.TryLoad(file.FullName);
        document = result.Document;
        if (document is null)
        {
            return result.Errors;
        }

        return ApplianceSpecBinder.Bind(document, ApplianceRegistry.CreateDefault(), out _);
    }
}
