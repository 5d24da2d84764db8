using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Flows;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Benchmarks.Api;

/// <summary>
/// The body of <c>POST /api/v1/flows</c> with 10,000 flows (the shape <c>sdnctl bench rest</c> posts:
/// a four-field match, a cookie, VLAN push and output) bound with the API's JSON options and parsed
/// into FLOW_MODs, per batch. Baseline: the match bound by the serializer's own dictionary converter,
/// a JsonDocument per field; against <see cref="MatchFieldsConverter"/>, one document per match.
/// </summary>
[MemoryDiagnoser]
public class FlowBatchParseBenchmarks
{
    private const int Flows = 10_000;

    private readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder(Flows * 220).Append("{\"flows\":[");
        for (int i = 0; i < Flows; i++)
        {
            int j = i / 4;
            sb.Append(i == 0 ? "" : ",")
              .Append(CultureInfo.InvariantCulture, $"{{\"dpid\":\"{1 + (i % 4)}\",\"priority\":101,\"cookie\":\"0xb00001\",")
              .Append(CultureInfo.InvariantCulture, $"\"match\":{{\"eth_type\":2048,\"ipv4_dst\":\"10.1.{(j >> 8) & 255}.{j & 255}\",\"ip_proto\":17,\"udp_dst\":{1 + (j >> 16)}}},")
              .Append(CultureInfo.InvariantCulture, $"\"actions\":[\"push_vlan:0x8100\",\"set_field:{1 + (j % 4000)}->vlan_vid\",\"output:{1 + (j % 4)}\"]}}");
        }

        _body = Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
        if (SerializerDictionary() != Flows || SharedDocument() != Flows)
        {
            throw new InvalidOperationException("the body did not parse into 10,000 flows");
        }
    }

    [Benchmark(Baseline = true, Description = "match: serializer dictionary")]
    public int SerializerDictionary()
    {
        var request = JsonSerializer.Deserialize<LegacyBatch>(_body, _options)!;
        int parsed = 0;
        foreach (LegacyItem item in request.Flows!)
        {
            var dto = new FlowBatchItemDto { Dpid = item.Dpid, Priority = item.Priority, Cookie = item.Cookie, Match = item.Match, Actions = item.Actions };
            parsed += Parse(dto);
        }

        return parsed;
    }

    [Benchmark(Description = "match: one document")]
    public int SharedDocument()
    {
        var request = JsonSerializer.Deserialize<FlowBatchRequest>(_body, _options)!;
        int parsed = 0;
        foreach (FlowBatchItemDto item in request.Flows!)
        {
            parsed += Parse(item);
        }

        return parsed;
    }

    private static int Parse(FlowBatchItemDto item) =>
        FlowSpecParser.TryParse(item, "flows[0].", null, out FlowMod _, out _) ? 1 : 0;

    /// <summary>The batch as the API bound it before: the match through the serializer's dictionary converter.</summary>
    public sealed record LegacyBatch(IReadOnlyList<LegacyItem>? Flows);

    /// <summary>The fields the benchmark's body uses.</summary>
    public sealed record LegacyItem
    {
        public string? Dpid { get; init; }

        public int? Priority { get; init; }

        public JsonElement? Cookie { get; init; }

        public IReadOnlyDictionary<string, JsonElement>? Match { get; init; }

        public IReadOnlyList<string>? Actions { get; init; }
    }
}
