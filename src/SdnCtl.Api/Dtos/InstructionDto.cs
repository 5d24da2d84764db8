namespace SdnCtl.Api.Dtos;

/// <summary>One instruction of a flow: its type and, for action instructions, the actions as Open vSwitch-style text.</summary>
public sealed record InstructionDto(string Type, IReadOnlyList<string>? Actions = null, int? Table = null, string? Metadata = null, long? Meter = null);
