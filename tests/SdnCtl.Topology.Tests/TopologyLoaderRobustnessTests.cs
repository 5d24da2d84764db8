using SdnCtl.Topology.Tests.TestSupport;

namespace SdnCtl.Topology.Tests;

/// <summary>Bad input must come back as errors, never as another exception or a hang.</summary>
public class TopologyLoaderRobustnessTests
{
    private const string Noise = ":-[]{},'\"#&*!|>?%@` \n\t0123456789abcsxh.";

    private static readonly string Sample = LoadAssert.Lines(
        "name: sample",
        "generate:",
        "  linear: { n: 2, extra-ports: 1 }",
        "switches:",
        "  - name: x1",
        "    dpid: \"00:00:00:00:00:00:01:00\"",
        "    ports: [1, 2, { number: 7, name: up }]",
        "links:",
        "  - a: x1:7",
        "    b: s1:3",
        "    bandwidth: 10Gbps",
        "    latency: 500us",
        "  - [x1:1, s2:3]",
        "hosts:",
        "  - name: hx",
        "    mac: \"02:00:00:00:00:01\"",
        "    ip: 192.168.0.1/24",
        "    at: x1:2");

    [Fact]
    public void TryParse_Sample_Loads()
    {
        LoadAssert.Loads(Sample);
    }

    [Fact]
    public void TryParse_RandomMutations_NeverThrowAndAlwaysPositionErrors()
    {
        var random = new Random(20_240_601);
        string[] seeds = [Sample, File.ReadAllText(Path.Combine(RepositoryPaths.Topologies, "linear-3.yaml"))];
        for (int i = 0; i < 3_000; i++)
        {
            string mutated = Mutate(seeds[i % seeds.Length], random);

            TopologyLoadResult result = TopologyLoader.TryParse(mutated, "fuzz.yaml");

            if (!result.Succeeded)
            {
                Assert.NotEmpty(result.Errors);
                Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, $"{e} has no position; input:\n{mutated}"));
            }
        }
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("name: \"\\ud800\"")]
    [InlineData("? [a, b]\n: c\nname: t")]
    [InlineData("name: t\nswitches: [*a]")]
    [InlineData("name: &a [*a]")]
    [InlineData("{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{")]
    [InlineData("name: t\nhosts:\n  - &h { name: h1, ip: 10.0.0.1, at: s1:1 }\n  - *h")]
    [InlineData("name: t\nswitches:\n  - { name: s1, ports: [1, 2, 3] }\n  - { name: s2, ports: 4294967296 }")]
    public void TryParse_OddInputs_ReturnErrors(string yaml)
    {
        TopologyLoadResult result = TopologyLoader.TryParse(yaml, "odd.yaml");

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void TryParse_AliasRepeatingAHugePortCount_IsBoundedNotExhaustingMemory()
    {
        // 2,000 switches of 4,096 ports each would be 8.2 million ports from a few kilobytes of text.
        var lines = new List<string> { "name: t", "switches:", "  - { name: s0, ports: &p 4096 }" };
        lines.AddRange(Enumerable.Range(1, 2_000).Select(i => $"  - {{ name: s{i}, ports: *p }}"));

        TopologyLoadResult result = TopologyLoader.TryParse(LoadAssert.Lines([.. lines]), "big.yaml");

        Assert.Contains(result.Errors, e => e.Message.Contains("too many ports", StringComparison.Ordinal));
    }

    private static string Mutate(string text, Random random)
    {
        var chars = new List<char>(text);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && chars.Count > 0; e++)
        {
            int at = random.Next(chars.Count);
            switch (random.Next(5))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 2:
                    chars[at] = Noise[random.Next(Noise.Length)];
                    break;
                case 3:
                    chars.RemoveRange(at, Math.Min(random.Next(1, 20), chars.Count - at));
                    break;
                default:
                    int length = Math.Min(random.Next(1, 30), chars.Count - at);
                    chars.InsertRange(random.Next(chars.Count), chars.GetRange(at, length));
                    break;
            }
        }

        return new string([.. chars]);
    }
}
