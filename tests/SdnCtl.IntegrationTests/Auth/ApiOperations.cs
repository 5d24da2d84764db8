using System.Text.Json;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>One operation of the OpenAPI document: a method on a path template, and its request body's schema.</summary>
internal sealed record ApiOperation(string Method, string Path, JsonElement? BodySchema)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>The path parameters of the template, in order (<c>{id}</c>, <c>{sid}</c>…).</summary>
    public IReadOnlyList<string> Parameters => [.. Path.Split('/').Where(p => p.StartsWith('{')).Select(p => p.Trim('{', '}'))];

    /// <summary>The template with each parameter replaced by <paramref name="value"/>'s answer, escaped.</summary>
    public string Fill(Func<string, string> value)
    {
        var parts = Path.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{'))
            {
                parts[i] = Uri.EscapeDataString(value(parts[i].Trim('{', '}')));
            }
        }

        return string.Join('/', parts);
    }
}

/// <summary>Reads every operation from <c>/openapi/v1.json</c>, so that tests cover endpoints added later without being told.</summary>
internal static class ApiOperations
{
    public static async Task<(IReadOnlyList<ApiOperation> Operations, JsonElement Document)> LoadAsync(HttpClient http)
    {
        var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = new List<ApiOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "parameters" or "summary" or "description")
                {
                    continue;
                }

                JsonElement? schema = null;
                if (operation.Value.TryGetProperty("requestBody", out var body)
                    && body.GetProperty("content").TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var s))
                {
                    schema = Resolve(document, s);
                }

                operations.Add(new ApiOperation(operation.Name.ToUpperInvariant(), path.Name, schema));
            }
        }

        return (operations, document);
    }

    /// <summary>Follows a <c>$ref</c> to its schema in <c>components</c>.</summary>
    public static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        // A nullable body is written as anyOf/oneOf [null, the type]: take the type.
        foreach (string union in new[] { "anyOf", "oneOf", "allOf" })
        {
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(union, out var choices))
            {
                foreach (var choice in choices.EnumerateArray())
                {
                    if (choice.TryGetProperty("$ref", out _) || choice.TryGetProperty("properties", out _))
                    {
                        return Resolve(document, choice);
                    }
                }
            }
        }

        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var at = document;
            foreach (string part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                at = at.GetProperty(part);
            }

            schema = at;
        }

        return schema;
    }
}
