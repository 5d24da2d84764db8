using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdnCtl.Nfv;

/// <summary>
/// Binds a kind's options from JSON (REST bodies; YAML converts to the same shape): camelCase
/// names, enums as strings, unknown members refused, then <see cref="ApplianceOptions.Validate"/>.
/// </summary>
public static class ApplianceOptionsBinder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // YAML options arrive with every scalar as a string (80 may be a port number or a range text).
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Reads and validates the options of <paramref name="kind"/> from <paramref name="json"/>.</summary>
    /// <exception cref="ApplianceOptionsException">The JSON does not fit the options type or the options are invalid; the error names the option.</exception>
    public static ApplianceOptions Bind(IApplianceKind kind, string json)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(json);
        ApplianceOptions? options;
        try
        {
            options = (ApplianceOptions?)JsonSerializer.Deserialize(json, kind.OptionsType, Json);
        }
        catch (JsonException e)
        {
            string path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "$" : e.Path.TrimStart('$', '.');
            throw new ApplianceOptionsException([new OptionError(path, $"does not fit {kind.Name} options: {FirstLine(e.Message)}")]);
        }

        if (options is null)
        {
            throw new ApplianceOptionsException([new OptionError("$", "options are required, not null")]);
        }

        IReadOnlyList<OptionError> errors = options.Validate();
        return errors.Count > 0 ? throw new ApplianceOptionsException(errors) : options;
    }

    /// <summary>Reads one part of a kind's options (a rule list, a route, a forward) with the same conventions as <see cref="Bind"/>.</summary>
    /// <param name="json">The JSON of the part.</param>
    /// <param name="option">Its option path, to name it in errors.</param>
    /// <exception cref="ApplianceOptionsException">The JSON does not fit; the error names the field.</exception>
    public static T BindPart<T>(string json, string option)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new ApplianceOptionsException([new OptionError(option, "is required, not null")]);
        }
        catch (JsonException e)
        {
            string path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? option : option + e.Path.TrimStart('$');
            throw new ApplianceOptionsException([new OptionError(path, $"does not fit: {FirstLine(e.Message)}")]);
        }
    }

    /// <summary>Writes options (or a part of them) as JSON with the conventions <see cref="Bind"/> reads.</summary>
    public static string Write(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return JsonSerializer.Serialize(value, value.GetType(), Json);
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
