using SdnCtl.Topology.Yaml;

namespace SdnCtl.Topology.Tests.Yaml;

public class KeySuggestionsTests
{
    private static readonly string[] Keys = ["name", "dpid", "ports"];

    [Theory]
    [InlineData("dpi", "dpid")]
    [InlineData("prots", "ports")]
    [InlineData("Name", "name")]
    [InlineData("port", "ports")]
    public void Closest_Typo_SuggestsTheKey(string typo, string expected)
    {
        Assert.Equal(expected, KeySuggestions.Closest(typo, Keys));
    }

    [Theory]
    [InlineData("bandwidth")]
    [InlineData("x")]
    [InlineData("")]
    public void Closest_Unrelated_SuggestsNothing(string key)
    {
        Assert.Null(KeySuggestions.Closest(key, Keys));
    }
}
