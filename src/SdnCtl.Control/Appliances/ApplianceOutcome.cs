using System.Text.Json.Nodes;

namespace SdnCtl.Control.Appliances;

/// <summary>What an appliance request came to.</summary>
public enum ApplianceOutcomeStatus
{
    /// <summary>Done; <see cref="ApplianceOutcome.Body"/> holds the result.</summary>
    Ok,

    /// <summary>Created.</summary>
    Created,

    /// <summary>No such appliance, entry, or sub-resource for this kind.</summary>
    NotFound,

    /// <summary>Bad input; <see cref="ApplianceOutcome.Errors"/> names every bad field. Nothing changed.</summary>
    Invalid,

    /// <summary>Conflicts with what exists (name taken, port cabled, route or forward present). Nothing changed.</summary>
    Conflict,
}

/// <summary>One bad field of a request.</summary>
/// <param name="Field">Its path, e.g. <c>interfaces[1].address</c>, <c>rules[2].destinationPorts</c>.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record ApplianceFieldError(string Field, string Message);

/// <summary>Result of an <see cref="IApplianceOrchestrator"/> request.</summary>
public sealed record ApplianceOutcome(ApplianceOutcomeStatus Status, JsonNode? Body = null, IReadOnlyList<ApplianceFieldError>? Errors = null, string? Detail = null, string? Field = null)
{
    public static ApplianceOutcome Ok(JsonNode? body) => new(ApplianceOutcomeStatus.Ok, body);

    public static ApplianceOutcome NotFound(string detail) => new(ApplianceOutcomeStatus.NotFound, Detail: detail);

    public static ApplianceOutcome Invalid(string field, string message) => new(ApplianceOutcomeStatus.Invalid, Errors: [new ApplianceFieldError(field, message)], Detail: message, Field: field);

    public static ApplianceOutcome Conflict(string detail, string? field = null) => new(ApplianceOutcomeStatus.Conflict, Detail: detail, Field: field);
}
