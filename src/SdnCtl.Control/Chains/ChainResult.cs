namespace SdnCtl.Control.Chains;

/// <summary>The outcome of a chain command: <see cref="Intents.IntentResultStatus"/> with the chain after it.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Chain">The chain after the command (absent when not found or refused).</param>
/// <param name="Detail">Why it was refused, for people.</param>
/// <param name="Field">For <see cref="Intents.IntentResultStatus.Invalid"/>: the request field at fault.</param>
public sealed record ChainResult(Intents.IntentResultStatus Status, ChainInfo? Chain, string? Detail, string? Field = null);
