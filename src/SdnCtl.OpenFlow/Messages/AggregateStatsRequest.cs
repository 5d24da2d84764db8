using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>OFPMP_AGGREGATE request (spec 7.3.5.3): asks for summed counters of the flows matching a filter.</summary>
public sealed class AggregateStatsRequest : MultipartRequest
{
    /*
     * Spec 7.3.5.3
     * struct ofp_aggregate_stats_request {
     *     uint8_t table_id;        0, OFPTT_ALL for all tables
     *     uint8_t pad[3];          1
     *     uint32_t out_port;       4, OFPP_ANY = no filter
     *     uint32_t out_group;      8, OFPG_ANY = no filter
     *     uint8_t pad2[4];         12
     *     uint64_t cookie;         16
     *     uint64_t cookie_mask;    24, 0 = no cookie filter
     *     struct ofp_match match;  32, variable, padded to 8; ends the payload
     * };                           40 bytes with an empty match
     */

    private const int FixedSize = 32;

    /// <summary>Table to read, or OFPTT_ALL.</summary>
    public byte TableId { get; set; } = OfpConstants.TableAll;

    /// <summary>Only flows outputting to this port; OFPP_ANY = any.</summary>
    public uint OutPort { get; set; } = OfpPortNo.Any;

    /// <summary>Only flows outputting to this group; OFPG_ANY = any.</summary>
    public uint OutGroup { get; set; } = OfpConstants.GroupAny;

    /// <summary>Cookie value the flows must have in the bits of <see cref="CookieMask"/>.</summary>
    public ulong Cookie { get; set; }

    /// <summary>Cookie bits to compare; 0 = any cookie.</summary>
    public ulong CookieMask { get; set; }

    /// <summary>Flows whose match is a superset of this one (empty = all).</summary>
    public List<OxmEntry> Match { get; set; } = [];

    /// <inheritdoc/>
    public override MultipartType MultipartType => MultipartType.Aggregate;

    /// <inheritdoc/>
    protected override int PayloadLength => FixedSize + OxmCodec.MatchLength(CollectionsMarshal.AsSpan(Match));

    /// <inheritdoc/>
    protected override void WritePayload(Span<byte> payload) =>
        FlowStatsFilter.Write(payload, TableId, OutPort, OutGroup, Cookie, CookieMask, Match);

    /// <inheritdoc/>
    protected override void ReadPayload(ReadOnlySpan<byte> payload)
    {
        FlowStatsFilter.Read(payload, "AggregateStatsRequest", out byte tableId, out uint outPort, out uint outGroup, out ulong cookie, out ulong cookieMask, Match);
        TableId = tableId;
        OutPort = outPort;
        OutGroup = outGroup;
        Cookie = cookie;
        CookieMask = cookieMask;
    }

    /// <inheritdoc/>
    protected override bool PayloadEquals(MultipartRequest other) =>
        other is AggregateStatsRequest r && r.TableId == TableId && r.OutPort == OutPort && r.OutGroup == OutGroup &&
        r.Cookie == Cookie && r.CookieMask == CookieMask && Wire.ListEqual(r.Match, Match);
}
