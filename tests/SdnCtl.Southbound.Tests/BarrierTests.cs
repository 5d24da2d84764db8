using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

public sealed class BarrierTests
{
    internal static FlowMod FlowMod(int i) => new()
    {
        Cookie = (ulong)i,
        Priority = 100,
        Match = [OxmEntry.InPort(1), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0a00_0000u + (uint)i)],
        Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))],
    };

    [Fact]
    public async Task Barrier_AfterTenThousandFlowMods_SwitchReceivedAllInOrderFirst()
    {
        const int Count = 10_000;
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x20);

        for (int i = 0; i < Count; i++)
        {
            connection.Send(FlowMod(i));
        }

        connection.Flush();
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        // The fake records a message before answering it, so by the time the barrier reply came
        // back everything before the barrier is on record.
        var received = fake.Received;
        int barrierIndex = received.FindIndex(m => m is BarrierRequest);
        var flowMods = received.OfType<FlowMod>().ToList();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (ulong)i), flowMods.Select(f => f.Cookie));
        Assert.True(received.FindLastIndex(m => m is FlowMod) < barrierIndex);
        Assert.Equal(Count, TestServer.SessionOf(connection).Counters.FlowModsSent);
    }

    [Fact]
    public async Task Barrier_FromManyThreads_EachCompletes()
    {
        await using var server = await TestServer.StartAsync();
        var (_, connection) = await server.ConnectSwitchAsync(0x21);

        var barriers = Enumerable.Range(0, 200).Select(_ => Task.Run(() => connection.BarrierAsync())).ToArray();

        await Task.WhenAll(barriers).WaitAsync(TestServer.Guard);
    }
}
