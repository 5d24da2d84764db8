using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdnCtl.Api.Dtos;

/// <summary>
/// Reads a flow's <c>match</c> object as one <see cref="JsonElement"/> and hands out its members.
/// </summary>
/// <remarks>
/// The serializer's own dictionary converter parses every value into a JsonDocument of its own (a
/// copy of the bytes, a metadata array and the document per field): four per flow for a typical
/// match, 40,000 for a 10,000-flow batch. Parsing the object once shares one document among its
/// fields. A repeated name keeps the last value, as the serializer's dictionaries do.
/// </remarks>
internal sealed class MatchFieldsConverter : JsonConverter<IReadOnlyDictionary<string, JsonElement>>
{
    public override IReadOnlyDictionary<string, JsonElement> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("match must be an object of fields, e.g. {\"eth_type\": 2048}");
        }

        JsonElement match = JsonElement.ParseValue(ref reader);
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty field in match.EnumerateObject())
        {
            fields[field.Name] = field.Value;
        }

        return fields;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (name, field) in value)
        {
            writer.WritePropertyName(name);
            field.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}
