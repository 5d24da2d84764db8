namespace SdnCtl.Nfv;

/// <summary>One problem in an appliance's configuration, naming the option it is about.</summary>
/// <param name="Option">Path of the option, e.g. <c>rules[2].destinationPorts</c>.</param>
/// <param name="Message">What is wrong with it, with the bad value.</param>
public sealed record OptionError(string Option, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Option}: {Message}";
}
