namespace SdnCtl.Topology.Values;

/// <summary>Why <see cref="IntegerText.TryParse(string, out ulong)"/> did or did not produce a value.</summary>
internal enum IntegerParseStatus
{
    Ok,

    /// <summary>A well-formed integer below zero (the value holds its magnitude); kept apart so the message can say "outside the range" instead of "not a number".</summary>
    Negative,

    /// <summary>A well-formed integer above <see cref="ulong.MaxValue"/>.</summary>
    TooLarge,

    Invalid,
}
