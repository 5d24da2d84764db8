namespace SdnCtl.IntegrationTests.Cli;

/// <summary>`sdnctl validate` and the refusal to start on a bad topology file.</summary>
public sealed class ValidateAndStartupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sdnctl-cli-").FullName;

    [Fact]
    public async Task Validate_ShippedFile_ExitsZeroAndSummarises()
    {
        var (code, stdout, _) = await SdnctlProcess.RunAsync("validate", RepoPaths.Topology("fat-tree-k4.yaml"));

        Assert.Equal(0, code);
        Assert.Contains("20 switches, 32 links, 16 hosts", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_LinkToMissingPort_PrintsFileLineColumn()
    {
        string file = Write("bad.yaml", """
            name: bad
            switches:
              - name: s1
                ports: 2
              - name: s2
                ports: 2
            links:
              - [s1:2, s2:7]
            """);

        var (code, _, stderr) = await SdnctlProcess.RunAsync("validate", file);

        Assert.Equal(1, code);
        Assert.Contains("bad.yaml:8:", stderr, StringComparison.Ordinal);
        Assert.Contains("s2", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InvalidFile_DoesNotStartAndNamesTheError()
    {
        string file = Write("dup.yaml", """
            name: dup
            switches:
              - name: s1
                dpid: 1
                ports: 1
              - name: s2
                dpid: 1
                ports: 1
            """);

        var (code, stdout, stderr) = await SdnctlProcess.RunAsync("run", file, "--openflow", "127.0.0.1:1", "--api", "http://127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Contains("dup.yaml:7:", stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was started", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("REST API on", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_VirtualBoxModes_CountsItsAppliances()
    {
        var (code, stdout, _) = await SdnctlProcess.RunAsync("validate", RepoPaths.Topology("virtualbox-modes.yaml"));

        Assert.Equal(0, code);
        Assert.Contains("16 hosts, 3 appliances", stdout.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAndRun_UnknownApplianceKindOrBadOption_PrintFileLineColumn()
    {
        string file = Write("appliances.yaml", """
            name: appliances
            switches:
              - { name: s1, ports: 3 }
            appliances:
              - { name: x, kind: load-balancer, interfaces: [ { name: a, mac: "02:00:00:00:00:01", at: s1:1 } ] }
              - name: fw
                kind: firewall
                interfaces: [ { name: a, mac: "02:00:00:00:00:02", at: s1:2 } ]
                options:
                  rules:
                    - { action: allow, protocol: tcp, destinationPorts: "70000" }
            """);

        var (code, _, stderr) = await SdnctlProcess.RunAsync("validate", file);
        var (runCode, runOut, runErr) = await SdnctlProcess.RunAsync("run", file, "--openflow", "127.0.0.1:1", "--api", "http://127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Contains("appliances.yaml:5:", stderr, StringComparison.Ordinal);
        Assert.Contains("appliance 'x': unknown kind 'load-balancer'", stderr, StringComparison.Ordinal);
        Assert.Contains("appliances.yaml:11:", stderr, StringComparison.Ordinal);
        Assert.Contains("rules[0].destinationPorts", stderr, StringComparison.Ordinal);
        Assert.Equal(1, runCode);
        Assert.Contains("unknown kind 'load-balancer'", runErr, StringComparison.Ordinal);
        Assert.DoesNotContain("REST API on", runOut, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
