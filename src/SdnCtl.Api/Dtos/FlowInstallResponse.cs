namespace SdnCtl.Api.Dtos;

/// <summary>What an install did, once every switch confirmed it with a barrier.</summary>
/// <param name="Installed">Flows added.</param>
/// <param name="Switches">Switches programmed.</param>
public sealed record FlowInstallResponse(int Installed, int Switches);
