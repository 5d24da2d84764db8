using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace SdnCtl.IntegrationTests.Auth;

/// <summary>
/// Malformed and boundary input to every operation of the OpenAPI document: malformed JSON, wrong
/// types, out-of-range numbers, unknown fields, huge strings, an oversized body, bad path parameters
/// and bad query values. No answer may be a 5xx; every 400 is problem+json naming the field; and
/// nothing changes (every GET answers the same before and after).
/// </summary>
public sealed class RestFuzzTests(TenantKeysFixture fixture, ITestOutputHelper output) : IClassFixture<TenantKeysFixture>
{
    // Values that change on their own (counters, ages, the topology version) are left out of the comparison.
    private static readonly HashSet<string> Volatile = new(StringComparer.OrdinalIgnoreCase)
    {
        "durationSeconds", "packets", "bytes", "version", "timestamp", "traceId",
    };

    private static readonly string[] BadPathValues =
    [
        "...", "%", "%00", "-1", "0", "18446744073709551616", "99999999999999999999999", "s1:99999", "ü-ñ", "null", "{}", "a b", new string('x', 4000),
    ];

    private static readonly string[] BadBodies =
    [
        "{", "}", "[]", "[{}]", "\"text\"", "123", "true", "null", "{\"unknown_field_xyz\": 1}", "{\"name\": {\"$ref\": 1}}",
        "{\"name\": \"\\ud800\"}", "{\"a\":" + new string('[', 200) + new string(']', 200) + "}",
    ];

    // Query strings of the operations that read their input from the query; each is invalid.
    private static readonly Dictionary<string, string[]> BadQueries = new(StringComparer.Ordinal)
    {
        ["DELETE /api/v1/switches/{dpid}/flows"] = ["?table=256", "?table=-1", "?cookie=zz", "?cookie=0x1&cookieMask=q", "?priority=70000", "?strict=maybe", "?eth_dst=zz:zz", "?ipv4_dst=10.0.0.0/33", "?nosuch_field=1", "?in_port=-5"],
        ["DELETE /api/v1/tenants/{id}/segments/{sid}/members"] = ["", "?port=nonsense", "?port=s1:1&mac=00:00:00:00:00:01", "?mac=zz", "?subnet=10.0.0.1/8", "?host=nosuch", "?port=s9:1"],
        ["GET /api/v1/events"] = ["?type=nosuch", "?type=", "?tenant=nosuch"],
        ["GET /api/v1/paths/{src}/{dst}"] = ["?k=-1", "?k=100000000000", "?metric=nosuch", "?maxLatency=-1"],
        ["GET /api/v1/stats/ports"] = ["?dpid=zz", "?dpid=", "?port=1", "?dpid=s1&dpid=s2"],
        ["GET /api/v1/stats/flows"] = ["?dpid=zz", "?cookie=zz", "?cookie=", "?cookieMask=0x1", "?cookie=1&cookieMask=q", "?table=0"],
    };

    [Fact]
    public async Task EveryOperation_MalformedInput_No5xx_400sNameTheField_NothingChanges()
    {
        var (operations, document) = await ApiOperations.LoadAsync(fixture.Admin);
        var before = await SnapshotAsync(operations);
        var failures = new List<string>();
        int sent = 0;

        foreach (ApiOperation op in operations)
        {
            foreach (var (target, body, contentType) in Cases(op, document))
            {
                sent++;
                using var request = new HttpRequestMessage(new HttpMethod(op.Method), target);
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType ?? "application/json");
                }

                using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
                HttpResponseMessage response;
                try
                {
                    response = await fixture.Admin.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                }
                catch (HttpRequestException) when (body is { Length: > 1_000_000 })
                {
                    // Kestrel may answer (400, see the oversized-body test) and close before the client has sent the whole oversized body.
                    continue;
                }

                using (response)
                {
                    string label = $"{op} {Shorten(target)} body={Shorten(body is null ? "-" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 80)))}";
                    if (response.IsSuccessStatusCode && op.Method != "GET")
                    {
                        // Every request here is invalid: one that succeeds changed something or ignored bad input.
                        failures.Add($"{label}: accepted with {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(cts.Token))}");
                    }
                    else if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{label}: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(cts.Token))}");
                    }
                    else if (response.StatusCode == HttpStatusCode.BadRequest && await ProblemFieldAsync(response, cts.Token) is { } problem)
                    {
                        failures.Add($"{label}: 400 without a named field: {problem}");
                    }
                    else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        failures.Add($"{label}: {(int)response.StatusCode} is not problem+json but {response.Content.Headers.ContentType}");
                    }
                }
            }
        }

        output.WriteLine($"{sent} malformed requests to {operations.Count} operations");
        foreach (ApiOperation op in operations)
        {
            output.WriteLine($"  {op}: {Cases(op, document).Count()} requests{(op.BodySchema is null ? string.Empty : ", body schema from the document")}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join('\n', failures));
        var after = await SnapshotAsync(operations);
        foreach (var (path, json) in before)
        {
            Assert.True(json == after[path], $"GET {path} changed:\nbefore {json}\nafter  {after[path]}");
        }
    }

    [Fact]
    public async Task EveryOperationWithABody_OversizedBody_400NamingTheBodyAndTheLimit_NothingChanges()
    {
        var (operations, _) = await ApiOperations.LoadAsync(fixture.Admin);
        var before = await SnapshotAsync(operations);
        // Over Kestrel's 30 MB request body limit, declared by Content-Length; with Expect: 100-continue the
        // server answers before the client sends it, so the answer is read, not a reset connection.
        byte[] huge = Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 31 * 1024 * 1024) + "\"}");
        var failures = new List<string>();
        int sent = 0;
        foreach (ApiOperation op in operations.Where(o => o.BodySchema is not null))
        {
            sent++;
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), op.Fill(GoodValue)) { Content = new ByteArrayContent(huge) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.ExpectContinue = true;
            using var cts = new CancellationTokenSource(ControlPlaneWaits.Guard);
            using var response = await fixture.Admin.SendAsync(request, cts.Token);
            string text = await response.Content.ReadAsStringAsync(cts.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                // The filled-in path names nothing (an appliance sub-resource 'a'): refused before the body is read.
                sent--;
                continue;
            }

            bool ok = response.StatusCode == HttpStatusCode.BadRequest
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && await ProblemFieldOf(text) == "body"
                && text.Contains("limit of 30000000 bytes", StringComparison.Ordinal);
            if (!ok)
            {
                failures.Add($"{op}: {(int)response.StatusCode} {Shorten(text)}");
            }
        }

        output.WriteLine($"{sent} oversized bodies");
        Assert.True(sent > 10, $"only {sent} operations take a body");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var after = await SnapshotAsync(operations);
        foreach (var (path, json) in before)
        {
            Assert.True(json == after[path], $"GET {path} changed:\nbefore {json}\nafter  {after[path]}");
        }

        static Task<string?> ProblemFieldOf(string text)
        {
            var problem = JsonDocument.Parse(text).RootElement;
            string? field = problem.TryGetProperty("field", out var f) ? f.GetString()
                : problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object ? errors.EnumerateObject().FirstOrDefault().Name
                : null;
            return Task.FromResult(field);
        }
    }

    private static IEnumerable<(string Target, byte[]? Body, string? ContentType)> Cases(ApiOperation op, JsonElement document)
    {
        string good = op.Fill(GoodValue);

        // Bad path parameters, one at a time, the others good.
        foreach (string parameter in op.Parameters)
        {
            foreach (string bad in BadPathValues)
            {
                yield return (op.Fill(p => p == parameter ? bad : GoodValue(p)), op.Method is "POST" or "PUT" or "PATCH" ? "{}"u8.ToArray() : null, null);
            }
        }

        foreach (string query in BadQueries.GetValueOrDefault(op.ToString(), []))
        {
            yield return (good + query, null, null);
        }

        // Bodies go to operations that take one; the others ignore them (a body sent to
        // POST /sim/links/s1/s2/down would just cut the link, a valid request).
        if (op.BodySchema is null)
        {
            yield break;
        }

        foreach (string body in BadBodies)
        {
            yield return (good, Encoding.UTF8.GetBytes(body), null);
        }

        yield return (good, "{}"u8.ToArray(), "text/plain");
        yield return (good, [0xff, 0xfe, 0x00, 0x7b], null);
        // Over Kestrel's 30 MB request body limit.
        yield return (good, Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 31 * 1024 * 1024) + "\"}"), null);

        // Each property wrong on its own, alone and in an otherwise valid body (so that range checks
        // are reached, not only "name is required").
        string? valid = ValidBodies.GetValueOrDefault(op.ToString());
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (op.BodySchema is { } schema && schema.TryGetProperty("properties", out var documented))
        {
            foreach (var property in documented.EnumerateObject())
            {
                properties[property.Name] = ApiOperations.Resolve(document, property.Value);
            }
        }

        foreach (var (name, _) in valid is null ? [] : JsonNode.Parse(valid)!.AsObject())
        {
            properties.TryAdd(name, default);
        }

        foreach (var (name, propertySchema) in properties)
        {
            foreach (JsonNode? value in WrongValues(propertySchema))
            {
                yield return (good, Encoding.UTF8.GetBytes(new JsonObject { [name] = value?.DeepClone() }.ToJsonString()), null);
                if (valid is not null)
                {
                    var body = JsonNode.Parse(valid)!.AsObject();
                    body[name] = value?.DeepClone();
                    yield return (good, Encoding.UTF8.GetBytes(body.ToJsonString()), null);
                }
            }
        }

        // The batch's items: each flow property wrong in an otherwise valid flow.
        if (op.ToString() == "POST /api/v1/flows")
        {
            foreach (string property in new[] { "dpid", "table", "priority", "cookie", "idleTimeout", "hardTimeout", "flags", "match", "instructions", "actions" })
            {
                foreach (JsonNode? value in WrongValues(default))
                {
                    var flow = JsonNode.Parse(ValidFlow)!.AsObject();
                    flow["dpid"] = "s1";
                    flow[property] = value?.DeepClone();
                    var batch = new JsonObject { ["flows"] = new JsonArray(JsonNode.Parse(ValidFlow)!.AsObject().Also(f => f["dpid"] = "s2"), flow) };
                    yield return (good, Encoding.UTF8.GetBytes(batch.ToJsonString()), null);
                }
            }
        }
    }

    private const string ValidFlow = """{"priority": 5, "cookie": "0x77", "match": {"in_port": 1}, "actions": ["output:2"]}""";

    // A valid body per operation: each is sent only with one property made wrong, so none is ever applied.
    private static readonly Dictionary<string, string> ValidBodies = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/tenants"] = """{"name": "fuzzed"}""",
        ["POST /api/v1/tenants/{id}/segments"] = """{"name": "fuzzed", "vlan": 123, "subnet": "10.123.0.0/16", "priority": 1, "members": [{"port": "s2:1"}]}""",
        ["POST /api/v1/tenants/{id}/segments/{sid}/members"] = """{"port": "s2:1"}""",
        ["POST /api/v1/switches/{dpid}/flows"] = ValidFlow,
        ["POST /api/v1/keys"] = """{"name": "fuzzed", "scope": "admin"}""",
        ["POST /api/v1/reservations"] = """{"src": "s1", "dst": "s3", "bandwidthMbps": 1}""",
        ["POST /api/v1/sim/ping"] = """{"src": "h1", "dst": "h3"}""",
        ["POST /api/v1/sim/captures"] = """{"port": "s1:1"}""",
    };

    // Wrong types for every schema, and out-of-range numbers and huge strings where they fit the
    // type; never a value the type allows in range (-1 is out of range for every number the API takes).
    private static IEnumerable<JsonNode?> WrongValues(JsonElement schema)
    {
        string type = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var t)
            ? (t.ValueKind == JsonValueKind.Array ? string.Join(',', t.EnumerateArray().Select(x => x.GetString())) : t.GetString() ?? string.Empty)
            : string.Empty;
        bool numeric = type.Contains("integer", StringComparison.Ordinal) || type.Contains("number", StringComparison.Ordinal);
        yield return new JsonObject { ["nested"] = 1 };
        yield return new JsonArray(1, "two");
        yield return JsonValue.Create(true);
        if (type.Length > 0 && !type.Contains("string", StringComparison.Ordinal))
        {
            yield return JsonValue.Create("not a number");
        }

        if (type.Length > 0 && !numeric)
        {
            yield return JsonValue.Create(42);
        }

        if (numeric)
        {
            yield return JsonValue.Create(-1);
            yield return JsonValue.Create(long.MinValue);
            yield return JsonNode.Parse("18446744073709551616");
            yield return JsonNode.Parse("1e400");
        }

        if (type.Contains("integer", StringComparison.Ordinal))
        {
            yield return JsonValue.Create(1.5);
            yield return JsonValue.Create(long.MaxValue);
        }

        if (type.Contains("string", StringComparison.Ordinal))
        {
            yield return JsonValue.Create(string.Empty);
            yield return JsonValue.Create(new string('z', 100_000));
            yield return JsonValue.Create("\u0000\u202e");
        }
    }

    private static string GoodValue(string parameter) => parameter switch
    {
        "dpid" or "a" => "s1",
        "b" => "s2",
        "src" => "s1",
        "dst" => "s3",
        "sid" => "web",
        _ => "a",
    };

    // Null when the 400 is problem+json naming a field (in errors or a "field" extension), else why not.
    private static async Task<string?> ProblemFieldAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"content type {response.Content.Headers.ContentType}: {Shorten(text)}";
        }

        var problem = JsonDocument.Parse(text).RootElement;
        bool named = (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.EnumerateObject().Any())
            || (problem.TryGetProperty("field", out var field) && field.GetString() is { Length: > 0 });
        return named ? null : Shorten(text);
    }

    // Every GET of the document (but the endless event stream and the counters), with counters and ages left out.
    private async Task<Dictionary<string, string>> SnapshotAsync(IReadOnlyList<ApiOperation> operations)
    {
        var snapshot = new Dictionary<string, string>(StringComparer.Ordinal);
        // Statistics samples (/stats/…, …/stats) change with every poll round, like the counters.
        foreach (ApiOperation op in operations.Where(o => o.Method == "GET" && o.Path is not ("/api/v1/events" or "/api/v1/stats" or "/health")
            && !o.Path.StartsWith("/api/v1/stats/", StringComparison.Ordinal) && !o.Path.EndsWith("/stats", StringComparison.Ordinal)))
        {
            string path = op.Fill(GoodValue);
            using var response = await fixture.Admin.GetAsync(path);
            string text = await response.Content.ReadAsStringAsync();
            snapshot[path] = $"{(int)response.StatusCode} {Normalise(JsonNode.Parse(text))?.ToJsonString()}";
        }

        snapshot["/api/v1/keys"] = await fixture.Admin.GetStringAsync("/api/v1/keys");
        return snapshot;
    }

    private static JsonNode? Normalise(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (string name in o.Select(p => p.Key).ToList())
                {
                    if (Volatile.Contains(name))
                    {
                        o.Remove(name);
                    }
                    else
                    {
                        Normalise(o[name]);
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonNode? item in a)
                {
                    Normalise(item);
                }

                break;
        }

        return node;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
