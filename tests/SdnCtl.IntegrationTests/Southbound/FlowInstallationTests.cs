using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SdnCtl.DataPlane.Transport;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Southbound;

namespace SdnCtl.IntegrationTests.Southbound;

/// <summary>Controller southbound and simulated switches over real TCP loopback.</summary>
public sealed class FlowInstallationTests
{
    private const int Switches = 50;
    private const int FlowsPerSwitch = 10_000;
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task FiftySwitches_TenThousandFlowModsAndBarrierEach_TablesHoldExactlyWhatWasSent()
    {
        var sink = new RecordingSink(Switches);
        await using var server = new OpenFlowServer(new SouthboundOptions { ListenAddress = IPAddress.Loopback, Port = 0, EchoTimeout = TimeSpan.FromMinutes(2) }, sink, NullLogger.Instance);
        await server.StartAsync();

        await using var switches = new SwitchAgentHost(new SwitchAgentOptions { Host = "127.0.0.1", Port = server.BoundEndPoint.Port }, eventLoopThreads: 2);
        switches.AddSwitches(Switches, portsPerSwitch: 4);
        switches.Start();
        await sink.AllConnected.WaitAsync(Guard);

        Assert.Equal(Switches, sink.Connected.Count);
        await Task.WhenAll(sink.Connected.Values.Select(async connection =>
        {
            for (int i = 0; i < FlowsPerSwitch; i++)
            {
                connection.Send(Flow(connection.DatapathId, i));
                if (i % 1000 == 999)
                {
                    connection.Flush();
                    await connection.WhenWritableAsync().WaitAsync(Guard);
                }
            }

            await connection.BarrierAsync().WaitAsync(Guard);
        }));

        Assert.Empty(sink.Errors);
        foreach (var connection in sink.Connected.Values)
        {
            var parts = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest()).WaitAsync(Guard);
            var entries = parts.SelectMany(p => p.Entries).ToList();
            Assert.True(parts.Count > 1, "10,000 flows do not fit one 64 KiB reply, so the switch must split it with REPLY_MORE");
            Assert.Equal(FlowsPerSwitch, entries.Count);

            var expected = Enumerable.Range(0, FlowsPerSwitch).Select(i => Key(Flow(connection.DatapathId, i))).ToHashSet();
            var actual = entries.Select(Key).ToHashSet();
            Assert.Equal(FlowsPerSwitch, actual.Count);
            Assert.True(expected.SetEquals(actual), $"switch {connection.DatapathId}: the table differs from what was sent");
        }
    }

    private static FlowMod Flow(ulong dpid, int i) => new()
    {
        Command = FlowModCommand.Add,
        Cookie = (dpid << 32) | (uint)i,
        Priority = (ushort)(100 + (i % 7)),
        Match = [OxmEntry.InPort((uint)(1 + (i % 4))), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)i)],
        Instructions = [OfpInstruction.ApplyActions(OfpAction.Output((uint)(1 + ((i + 1) % 4))))],
    };

    private static string Key(FlowMod f) => Key(f.Cookie, f.Priority, f.Match, f.Instructions);

    private static string Key(FlowStatsEntry e) => Key(e.Cookie, e.Priority, e.Match, e.Instructions);

    private static string Key(ulong cookie, ushort priority, List<OxmEntry> match, List<OfpInstruction> instructions) =>
        $"{cookie:x}|{priority}|{string.Join(',', match.OrderBy(m => m.Field))}|{string.Join(';', instructions)}";
}
