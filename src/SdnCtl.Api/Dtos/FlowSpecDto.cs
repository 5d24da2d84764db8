using System.Text.Json;
using System.Text.Json.Serialization;

namespace SdnCtl.Api.Dtos;

/// <summary>
/// A flow to install, in the fields <c>GET …/flows</c> returns: <c>match</c> and <c>instructions</c>
/// in the same readable form, or the shorthand <c>actions</c> (<c>["output:2", "push_vlan:0x8100"]</c>)
/// for one apply_actions instruction. Counters are not part of it.
/// </summary>
public record FlowSpecDto
{
    /// <summary>Flow table, 0–254; default 0.</summary>
    public int? Table { get; init; }

    /// <summary>Priority, 0–65535; default 32768.</summary>
    public int? Priority { get; init; }

    /// <summary>
    /// "0x…" hex, decimal text or a number. The top 16 bits mark static flows (0x5dc4); a cookie of at
    /// most 48 bits gets that mark, a cookie with other top bits is refused.
    /// </summary>
    public JsonElement? Cookie { get; init; }

    /// <summary>Idle timeout in seconds, 0–65535; default 0 (none).</summary>
    public int? IdleTimeout { get; init; }

    /// <summary>Hard timeout in seconds, 0–65535; default 0 (none).</summary>
    public int? HardTimeout { get; init; }

    /// <summary>OFPFF_* flags by name as GET prints them (SendFlowRem, CheckOverlap, ResetCounts, NoPktCounts, NoBytCounts).</summary>
    public IReadOnlyList<string>? Flags { get; init; }

    /// <summary>OXM fields by name (<c>eth_dst</c>, <c>ipv4_src</c>, …): MACs, IPs and CIDRs, numbers, port names.</summary>
    [JsonConverter(typeof(MatchFieldsConverter))]
    public IReadOnlyDictionary<string, JsonElement>? Match { get; init; }

    /// <summary>Instructions as GET returns them.</summary>
    public IReadOnlyList<InstructionDto>? Instructions { get; init; }

    /// <summary>Shorthand for one apply_actions instruction.</summary>
    public IReadOnlyList<string>? Actions { get; init; }
}
