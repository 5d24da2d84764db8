namespace SdnCtl.IntegrationTests;

/// <summary>Finds files of the repository from the test's output directory.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Topology(string name) => Path.Combine(Root, "topologies", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SdnCtl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SdnCtl.sln not found above " + AppContext.BaseDirectory);
    }
}
