using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Endpoints;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Infrastructure;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>
/// The batch body's streaming reader against the path it short-cuts (serializer-bound DTOs checked by
/// <see cref="FlowSpecParser"/>): what it accepts must become the very same FLOW_MODs, and what it
/// cannot vouch for it must decline, so that the ordinary path answers (and names any bad field).
/// </summary>
public sealed class FlowBatchReaderTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    // As the API configures its serializer (SdnCtlApi.AddJsonAndProblems).
    private static readonly JsonSerializerOptions Bound = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
    };

    [Theory]
    [InlineData("""{"flows":[{"dpid":"s1","priority":101,"cookie":"0xb00001","match":{"eth_type":2048,"ipv4_dst":"10.1.0.7","ip_proto":17,"udp_dst":9},"actions":["push_vlan:0x8100","set_field:7->vlan_vid","output:2"]}]}""")]
    [InlineData("""{"flows":[{"match":{"in_port":1,"eth_src":"02:00:00:00:00:01/ff:ff:ff:00:00:00","vlan_vid":10},"dpid":"2","cookie":77,"table":3,"idleTimeout":5,"hardTimeout":60,"flags":["CheckOverlap"],"actions":[]}]}""")]
    [InlineData("""{"flows":[{"dpid":"0000000000000003"},{"dpid":"s1","cookie":" 0x10 ","match":{"eth_type":"0x86dd","ipv6_dst":"2001:db8::/32"},"actions":["dec_ttl"]},{"dpid":"s2","priority":0,"match":{}}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","idleTimeout":5,"flags":["CheckOverlap"],"match":{"in_port":1,"eth_type":2048},"actions":["output:2","push_vlan"]},{"actions":["output:2"],"dpid":"s2"},{"dpid":"s1"},{"dpid":"s2","actions":["output:\u0032","output:2 "]}]}""")] // reused objects, actions before the dpid, escaped text
    [InlineData("""{"flows":[{"dpid":"s1","match":{"eth_type":2048,"ipv4_dst":"10.0.0.1","ipv4_src":"010.0.0.9"},"actions":["set_field:0x10->vlan_vid","set_field:5->ip_dscp","set_field:10.0.0.1->ipv4_dst","SET_FIELD:7->vlan_vid","set_field: 8->vlan_vid","set_field:99->tunnel_id"]},{"dpid":"s1","match":{"eth_type":2054,"arp_tpa":"192.168.255.255","arp_spa":"1.2.3.4/24"}},{"dpid":"s2","match":{"eth_type":2048,"ipv4_dst":" 10.0.0.2","ipv4_src":"0.0.0.0"}}]}""")] // number and address fast paths, and what they leave to the strings
    public void Accepted_IsTheSameFlowModsAsTheBoundPath(string body)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(body);

        Assert.True(FlowBatchReader.TryRead(utf8, fixture.Host.ControlPlane, FlowEndpoints.MaxBatch, out FlowBatch? fast));
        using (fast)
        {
            List<(ulong DatapathId, FlowMod Mod)> bound = BoundPath(utf8);
            Assert.Equal(bound.Count, fast.Count);
            for (int i = 0; i < bound.Count; i++)
            {
                Assert.Equal(bound[i].DatapathId, fast.DatapathId(i));
                Assert.Equal(Bytes(bound[i].Mod), fast.FlowMod(i).ToArray());
                Assert.Equal(bound[i].Mod, fast.Decode(i));
            }
        }
    }

    [Theory]
    [InlineData("""{"flows":[{"dpid":"s1","instructions":[{"type":"apply_actions","actions":["output:1"]}]}]}""")] // not read here
    [InlineData("""{"flows":[{"dpid":"s1","Priority":5}]}""")] // another casing
    [InlineData("""{"flows":[{"dpid":"s1","priority":"5"}]}""")] // a number as text
    [InlineData("""{"flows":[{"dpid":"s1","cookie":null}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","match":{"eth_type":2048,"eth_type":2054}}]}""")] // a repeated field
    [InlineData("""{"flows":[{"dpid":"s1","match":{"eth_type":2048,"ipv4_dst":"10.0.0.300"}}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","match":{"ipv4_dst":"10.0.0.1"}}]}""")] // prerequisite missing
    [InlineData("""{"flows":[{"dpid":"s1","actions":["output:1"]},{"dpid":"s9"}]}""")] // no such switch
    [InlineData("""{"flows":[{"dpid":"s1","actions":["fly:1"]}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","priority":70000}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","cookie":"0x5dc1000000000001"}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","flags":["Sticky"]}]}""")]
    [InlineData("""{"flows":[{"priority":5}]}""")] // no dpid
    [InlineData("""{"flows":[]}""")]
    [InlineData("""{"flows":[{"dpid":"s1"}],"more":1}""")]
    [InlineData("""{"flows":[{"dpid":"s1"}]} x""")]
    [InlineData("""{"flows":[{"dpid":"s1",}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","actions":["set_field:4096->vlan_vid"]}]}""")]
    [InlineData("""{"flows":[{"dpid":"s1","match":{"eth_type":2048,"ipv4_dst":"10.0.0.256"}}]}""")]
    [InlineData("")]
    public void Declined_LeavesTheBodyToTheBoundPath(string body)
    {
        Assert.False(FlowBatchReader.TryRead(Encoding.UTF8.GetBytes(body), fixture.Host.ControlPlane, FlowEndpoints.MaxBatch, out _));
    }

    [Fact]
    public void MoreThanTheLimit_IsDeclined()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"flows":[{"dpid":"s1"},{"dpid":"s2"},{"dpid":"s3"}]}""");

        Assert.False(FlowBatchReader.TryRead(body, fixture.Host.ControlPlane, maxBatch: 2, out _));
        Assert.True(FlowBatchReader.TryRead(body, fixture.Host.ControlPlane, maxBatch: 3, out var planned));
        using (planned)
        {
            Assert.Equal(3, planned.Count);
        }
    }

    private List<(ulong DatapathId, FlowMod Mod)> BoundPath(byte[] body)
    {
        var request = JsonSerializer.Deserialize<FlowBatchRequest>(body, Bound)!;
        var snapshot = fixture.Host.ControlPlane.Topology;
        var planned = new List<(ulong, FlowMod)>();
        for (int i = 0; i < request.Flows!.Count; i++)
        {
            FlowBatchItemDto item = request.Flows[i];
            Assert.True(DatapathIds.TryParse(item.Dpid!, snapshot, out ulong id));
            Assert.True(FlowSpecParser.TryParse(item, $"flows[{i}].", snapshot.FindSwitch(id), out FlowMod mod, out FieldError? error), error?.Message);
            planned.Add((id, mod));
        }

        return planned;
    }

    private static byte[] Bytes(FlowMod mod)
    {
        var bytes = new byte[mod.Length];
        mod.WriteTo(bytes);
        return bytes;
    }
}
