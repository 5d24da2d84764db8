namespace SdnCtl.Nfv;

/// <summary>An appliance's configuration was refused; <see cref="Errors"/> names every bad option.</summary>
public sealed class ApplianceOptionsException : Exception
{
    public ApplianceOptionsException(IReadOnlyList<OptionError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public ApplianceOptionsException()
        : this([])
    {
    }

    public ApplianceOptionsException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ApplianceOptionsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every problem found, each naming its option.</summary>
    public IReadOnlyList<OptionError> Errors { get; }

    private static string Describe(IReadOnlyList<OptionError> errors) =>
        errors.Count == 0 ? "Invalid appliance options." : "Invalid appliance options: " + string.Join("; ", errors);
}
