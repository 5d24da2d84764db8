namespace SdnCtl.Api.Flows;

/// <summary>A bad value in a request body: where it is (<c>flows[17].match.ipv4_dst</c>) and what is wrong.</summary>
/// <param name="Field">The path of the field.</param>
/// <param name="Message">What is wrong, naming the value.</param>
internal sealed record FieldError(string Field, string Message);
