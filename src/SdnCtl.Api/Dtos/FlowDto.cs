namespace SdnCtl.Api.Dtos;

/// <summary>A flow entry as read from a switch (multipart flow stats), in readable fields.</summary>
public sealed record FlowDto(
    int Table,
    int Priority,
    string Cookie,
    int IdleTimeout,
    int HardTimeout,
    IReadOnlyList<string> Flags,
    ulong Packets,
    ulong Bytes,
    double DurationSeconds,
    IReadOnlyDictionary<string, object> Match,
    IReadOnlyList<InstructionDto> Instructions);
