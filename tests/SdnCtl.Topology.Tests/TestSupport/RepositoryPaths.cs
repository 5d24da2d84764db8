namespace SdnCtl.Topology.Tests.TestSupport;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder that holds SdnCtl.sln.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The shipped topologies folder.</summary>
    public static string Topologies => Path.Combine(RepositoryRoot, "topologies");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SdnCtl.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"SdnCtl.sln not found above {AppContext.BaseDirectory}");
    }
}
