
namespace SdnCtl.Api.Infrastructure;

/// <summary>RFC 7807 problem+json results that name the field at fault.</summary>
internal static class Problems
{
    public static IResult BadField(string field, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [message] },
            detail: message,
            title: "The request has an invalid value");

    public static IResult NotFound(string what, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: detail);

    public static IResult Conflict(string detail, string? field = null) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The request conflicts with the current state",
            detail: detail,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>A 409 with extension members (e.g. the names of what is in the way).</summary>
    public static IResult Conflict(string detail, IDictionary<string, object?> extensions) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The request conflicts with the current state",
            detail: detail,
            extensions: extensions);

    public static IResult Unauthorized(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required", detail: detail);

    public static IResult Unavailable(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not available", detail: detail);

    /// <summary>A switch answered OFPT_ERROR: the errors (type, code, refused request) go in <c>switchErrors</c>.</summary>
    public static IResult SwitchRefused(string detail, IReadOnlyList<Dtos.SwitchErrorDto> errors) =>
        Results.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The switch refused the request",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["switchErrors"] = errors });

    public static IResult SwitchError(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The switch did not complete the request", detail: detail);
}
