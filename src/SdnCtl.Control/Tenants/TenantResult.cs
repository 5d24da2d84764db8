namespace SdnCtl.Control.Tenants;

/// <summary>The outcome of a tenant command; on refusal nothing changed.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Detail">Why it was refused, or <see langword="null"/>.</param>
/// <param name="Field">The request field at fault, when there is one.</param>
public sealed record TenantResult(TenantResultStatus Status, string? Detail = null, string? Field = null)
{
    public static TenantResult Ok { get; } = new(TenantResultStatus.Ok);

    public static TenantResult Created { get; } = new(TenantResultStatus.Created);

    public bool Succeeded => Status is TenantResultStatus.Ok or TenantResultStatus.Created;

    public static TenantResult NotFound(string detail) => new(TenantResultStatus.NotFound, detail);

    public static TenantResult Conflict(string detail, string? field = null) => new(TenantResultStatus.Conflict, detail, field);

    public static TenantResult Invalid(string field, string detail) => new(TenantResultStatus.Invalid, detail, field);
}
