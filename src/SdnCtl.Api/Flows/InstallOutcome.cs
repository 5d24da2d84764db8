namespace SdnCtl.Api.Flows;

/// <summary>
/// How an install ended. <see cref="Refused"/> lists the OFPT_ERRORs with the index of the flow each
/// refused (everything else was rolled back); <see cref="Failure"/> says why a switch could not
/// confirm (disconnected, no barrier reply).
/// </summary>
internal sealed record InstallOutcome(int Installed, int Switches, IReadOnlyList<(int Index, SwitchErrorRecord Error)> Refused, string? Failure)
{
    public bool Succeeded => Refused.Count == 0 && Failure is null;
}
