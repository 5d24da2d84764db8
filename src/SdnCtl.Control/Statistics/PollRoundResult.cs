namespace SdnCtl.Control.Statistics;

/// <summary>What one poll round did.</summary>
/// <param name="Polled">Switches that answered both requests.</param>
/// <param name="Skipped">Switches left out because their previous poll was still running (a slow switch: rounds do not pile up).</param>
/// <param name="Failed">Switches that disconnected, refused or did not answer in time.</param>
public readonly record struct PollRoundResult(int Polled, int Skipped, int Failed);
