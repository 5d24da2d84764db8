using System.Text.Json;

namespace SdnCtl.IntegrationTests;

/// <summary>Reads <c>/api/v1/events</c> (Server-Sent Events) for the tests that subscribe to it.</summary>
internal static class EventStreams
{
    /// <summary>The next event: its <c>event:</c> name and its <c>data:</c> JSON; comment lines (heartbeats) are skipped.</summary>
    public static async Task<(string Name, JsonElement Data)> ReadEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? name = null;
        JsonElement data = default;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0 && name is not null)
            {
                return (name, data);
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }
}
