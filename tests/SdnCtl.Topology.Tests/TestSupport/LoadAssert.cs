namespace SdnCtl.Topology.Tests.TestSupport;

/// <summary>Loads YAML text and asserts on the outcome.</summary>
public static class LoadAssert
{
    public const string FileName = "test.yaml";

    /// <summary>Joins lines with '\n', so that line numbers in a test are the index + 1.</summary>
    public static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    public static TopologyDocument Loads(string yaml)
    {
        TopologyLoadResult result = TopologyLoader.TryParse(yaml, FileName);
        if (!result.Succeeded)
        {
            Assert.Fail("expected the topology to load, but:\n" + string.Join('\n', result.Errors));
        }

        return result.Document;
    }

    public static IReadOnlyList<TopologyError> Fails(string yaml)
    {
        TopologyLoadResult result = TopologyLoader.TryParse(yaml, FileName);
        Assert.False(result.Succeeded, "expected errors, but the topology loaded");
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal(FileName, e.File));
        return result.Errors;
    }

    /// <summary>Asserts that loading fails with exactly one error, at the given place, whose message contains every fragment.</summary>
    public static TopologyError FailsOnce(string yaml, int line, int column, params string[] fragments)
    {
        IReadOnlyList<TopologyError> errors = Fails(yaml);
        if (errors.Count != 1)
        {
            Assert.Fail($"expected one error, got {errors.Count}:\n" + string.Join('\n', errors));
        }

        TopologyError error = errors[0];
        Assert.True((line, column) == (error.Line, error.Column), $"expected the error at {line}:{column}, got {error}");
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        return error;
    }
}
