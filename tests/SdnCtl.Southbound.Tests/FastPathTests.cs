using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

/// <summary>
/// A sink that answers PACKET_INs itself (<see cref="Control.Switches.IPacketInFastPath"/>): the session
/// sends the answer's bytes with xids of its own, skips the sink's PacketInReceived for it, and still
/// reports a refused FLOW_MOD it never held as an object.
/// </summary>
public sealed class FastPathTests
{
    private const ulong Cookie = 0x0001_0000_0000_00abUL;

    [Fact]
    public async Task PacketIn_AnsweredByTheSink_SwitchGetsTheAnswerNumberedAndSinkSeesNoPacketIn()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, _) = await server.ConnectSwitchAsync(0x90);
        byte[] answer = [.. Rule().ToArray(), .. Delivery().ToArray()];
        server.Sink.FastPath = (_, buffer) =>
        {
            answer.CopyTo(buffer, 0);
            return answer.Length;
        };

        for (int i = 0; i < 3; i++)
        {
            await fake.SendAsync(PacketIn(i));
        }

        var outs = await fake.WaitForCountAsync<PacketOut>(3).WaitAsync(TestServer.Guard);

        // The session reports a burst's end after flushing its answers: the last answer can be here
        // before the burst that sent it is counted (PacketIn_Answered_BurstEndReportedAfterTheAnswerLeft).
        await server.Sink.WaitForBurstsEndedAsync(1).WaitAsync(TestServer.Guard);
        var mods = fake.ReceivedOf<FlowMod>().Where(m => m.Cookie == Cookie).ToList();
        Assert.Equal(3, mods.Count);
        Assert.All(outs, o => Assert.Equal([OfpAction.Output(2)], o.Actions));
        uint[] xids = [.. mods.Select(m => m.Xid), .. outs.Select(o => o.Xid)];
        Assert.DoesNotContain(0u, xids);
        Assert.Equal(xids.Length, xids.Distinct().Count());
        Assert.DoesNotContain(server.Sink.Events, e => e.Kind == SinkEventKind.PacketIn);
        Assert.InRange(server.Sink.BurstsEnded, 1, 3);
    }

    [Fact]
    public async Task PacketIn_Answered_BurstEndReportedAfterTheAnswerLeft()
    {
        // Forces the order that made PacketIn_AnsweredByTheSink_… fail when it read BurstsEnded as soon
        // as the answers were in: the burst's end is held on the event loop until the switch has the
        // answer, so at that moment no burst has been counted.
        await using var server = await TestServer.StartAsync();
        var (fake, _) = await server.ConnectSwitchAsync(0x93);
        byte[] answer = [.. Rule().ToArray(), .. Delivery().ToArray()];
        server.Sink.FastPath = (_, buffer) =>
        {
            answer.CopyTo(buffer, 0);
            return answer.Length;
        };
        var answered = fake.WaitForAsync(m => m is PacketOut);
        int countedWhenAnswered = -1;
        server.Sink.BeforeBurstEnded = () =>
        {
            // Blocking the loop here is the point: the flush before this call already sent the answer.
            if (countedWhenAnswered < 0 && answered.Wait(TestServer.Guard))
            {
                countedWhenAnswered = server.Sink.BurstsEnded;
            }
        };

        await fake.SendAsync(PacketIn(1));
        await answered.WaitAsync(TestServer.Guard);
        await server.Sink.WaitForBurstsEndedAsync(1).WaitAsync(TestServer.Guard);

        Assert.Equal(0, countedWhenAnswered);
        Assert.Equal(1, server.Sink.BurstsEnded);
    }

    [Fact]
    public async Task PacketIn_DeclinedByTheSink_ReachesPacketInReceivedAsBefore()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, _) = await server.ConnectSwitchAsync(0x91);
        server.Sink.FastPath = (_, _) => 0;

        await fake.SendAsync(PacketIn(7));

        var e = await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.PacketIn).WaitAsync(TestServer.Guard);
        Assert.Equal(1u, Assert.IsType<PacketIn>(e.Message).InPort);
        Assert.Equal(0, server.Sink.BurstsEnded);
    }

    [Fact]
    public async Task Error_ForAFlowModTheSinkAnsweredWith_ReportsItsCookieTableAndCommand()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, _) = await server.ConnectSwitchAsync(0x92);
        byte[] rule = Rule().ToArray();
        server.Sink.FastPath = (_, buffer) =>
        {
            rule.CopyTo(buffer, 0);
            return rule.Length;
        };
        fake.Intercept = async (m, sw) =>
        {
            if (m is not FlowMod { Cookie: Cookie })
            {
                return false;
            }

            await sw.SendAsync(FakeSwitch.ErrorFor(m, OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.TableFull));
            return true;
        };

        await fake.SendAsync(PacketIn(1));

        var e = await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.Error).WaitAsync(TestServer.Guard);
        FlowMod refused = Assert.IsType<FlowMod>(e.Request);
        Assert.Equal(Cookie, refused.Cookie);
        Assert.Equal(FlowModCommand.Add, refused.Command);
        Assert.Equal(3, refused.TableId);
    }

    private static FlowMod Rule() => new()
    {
        Command = FlowModCommand.Add,
        TableId = 3,
        Priority = 10,
        Cookie = Cookie,
        Match = [OxmEntry.EthDst(0x02_00_00_00_00_02)],
        Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))],
    };

    private static PacketOut Delivery() => new()
    {
        InPort = OpenFlow.OfpPortNo.Controller,
        Actions = [OfpAction.Output(2)],
        Data = new byte[60],
    };

    private static PacketIn PacketIn(int seq)
    {
        var frame = new byte[60];
        frame[59] = (byte)seq;
        return new PacketIn { Reason = PacketInReason.NoMatch, Match = [OxmEntry.InPort(1)], Data = frame, TotalLength = 60 };
    }
}
