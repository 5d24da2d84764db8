using SdnCtl.Topology.Tests.TestSupport;

namespace SdnCtl.Topology.Tests;

public class ShippedTopologiesTests
{
    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.EnumerateFiles(RepositoryPaths.Topologies, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Load_EveryShippedFile_LoadsWithoutErrors(string fileName)
    {
        TopologyLoadResult result = TopologyLoader.TryLoad(Path.Combine(RepositoryPaths.Topologies, fileName));

        Assert.True(result.Succeeded, string.Join('\n', result.Errors));
        TopologyInvariants.AssertValid(result.Document);
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedFile_FirstLine_PointsEditorsAtTheSchema(string fileName)
    {
        string firstLine = File.ReadLines(Path.Combine(RepositoryPaths.Topologies, fileName)).First();

        Assert.Equal("# yaml-language-server: $schema=./schema.json", firstLine);
    }

    [Theory]
    [InlineData("linear-3.yaml", "linear-3", 3, 2, 3)]
    [InlineData("fat-tree-k4.yaml", "fat-tree-k4", 20, 32, 16)]
    [InlineData("leaf-spine.yaml", "leaf-spine", 6, 8, 8)]
    [InlineData("fat-tree-k16.yaml", "fat-tree-k16", 320, 2_048, 1_024)]
    [InlineData("chain-tenant.yaml", "chain-tenant", 3, 3, 6)]
    public void Load_ShippedFile_HasExpectedCounts(string fileName, string name, int switches, int links, int hosts)
    {
        string path = Path.Combine(RepositoryPaths.Topologies, fileName);

        TopologyDocument document = TopologyLoader.Load(path);

        Assert.Equal(name, document.Name);
        Assert.Equal(Path.GetFullPath(path), document.SourcePath);
        Assert.Equal(switches, document.Switches.Count);
        Assert.Equal(links, document.Links.Count);
        Assert.Equal(hosts, document.Hosts.Count);
    }

    [Fact]
    public void Load_FatTreeK16_Has3072CablesOfWhich2048AreSwitchLinks()
    {
        // Links holds switch-to-switch links only (k³/2); the k³/4 host cables are host attachments.
        TopologyDocument document = TopologyLoader.Load(Path.Combine(RepositoryPaths.Topologies, "fat-tree-k16.yaml"));

        Assert.Equal(3_072, document.Links.Count + document.Hosts.Count);
        Assert.Equal(2_048, document.Links.Count);
    }

    [Fact]
    public void Load_Linear3_IsExactlyTheLinearGeneratorsOutput()
    {
        TopologyDocument written = TopologyLoader.Load(Path.Combine(RepositoryPaths.Topologies, "linear-3.yaml"));
        TopologyDocument generated = TopologyGenerators.Linear(3);

        Assert.Equal(generated.Switches.Select(s => (s.Name, s.DatapathId, string.Join(',', s.Ports))), written.Switches.Select(s => (s.Name, s.DatapathId, string.Join(',', s.Ports))));
        Assert.Equal(generated.Links, written.Links);
        Assert.Equal(generated.Hosts, written.Hosts);
    }

    [Fact]
    public void Load_FatTreeK4File_MatchesTheFatTreeGenerator()
    {
        TopologyDocument loaded = TopologyLoader.Load(Path.Combine(RepositoryPaths.Topologies, "fat-tree-k4.yaml"));
        TopologyDocument generated = TopologyGenerators.FatTree(4);

        Assert.Equal(generated.Switches.Select(s => (s.Name, s.DatapathId, s.Ports.Count)), loaded.Switches.Select(s => (s.Name, s.DatapathId, s.Ports.Count)));
        Assert.Equal(generated.Links, loaded.Links);
        Assert.Equal(generated.Hosts, loaded.Hosts);
    }
}
