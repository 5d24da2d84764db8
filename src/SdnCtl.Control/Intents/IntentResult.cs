namespace SdnCtl.Control.Intents;

/// <summary>The outcome of an intent command.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Intent">The intent after the command (absent when not found, or removed).</param>
/// <param name="Detail">Why it was refused, for people.</param>
public sealed record IntentResult(IntentResultStatus Status, IntentInfo? Intent, string? Detail);
