namespace SdnCtl.Api.Dtos;

/// <summary>An OFPT_ERROR a switch sent.</summary>
/// <param name="Dpid">The switch.</param>
/// <param name="Time">When it arrived.</param>
/// <param name="Xid">The refused request's xid.</param>
/// <param name="Type">OFPET_* name.</param>
/// <param name="Code">The code's name.</param>
/// <param name="Request">The refused request, when the controller still knew it.</param>
/// <param name="Index">In a batch, the index of the refused flow.</param>
public sealed record SwitchErrorDto(string Dpid, DateTimeOffset Time, uint Xid, string Type, string Code, string? Request, int? Index = null);
