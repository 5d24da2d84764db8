namespace SdnCtl.Control.Intents;

/// <summary>One state change of an intent.</summary>
/// <param name="State">The state entered.</param>
/// <param name="At">When (control-plane clock).</param>
/// <param name="Reason">Why, for people (the failed constraint, the link that broke the path…).</param>
public sealed record IntentTransition(IntentState State, DateTimeOffset At, string? Reason);
