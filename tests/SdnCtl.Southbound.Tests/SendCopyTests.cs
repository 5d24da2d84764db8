using DotNetty.Common;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.Southbound.Sessions;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

/// <summary>
/// <see cref="Control.Switches.ISwitchConnection.SendCopy"/>: the message is encoded before the call
/// returns, so one instance refilled per flow-mod reaches the switch as so many distinct messages.
/// </summary>
public sealed class SendCopyTests
{
    [Fact]
    public async Task SendCopy_OneInstanceRefilled_SwitchReceivesEachVersionInOrder()
    {
        const int Count = 3000;
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x80);
        var mod = new FlowMod { Priority = 100 };
        var apply = new OfpInstruction(OfpInstructionType.ApplyActions);
        for (int i = 0; i < Count; i++)
        {
            mod.Cookie = (ulong)i;
            mod.Match.Clear();
            mod.Match.Add(OxmEntry.InPort(1));
            mod.Match.Add(OxmEntry.EthDst(0x0200_0000_0000UL + (ulong)i));
            apply.Actions.Clear();
            apply.Actions.Add(OfpAction.Output((uint)(2 + (i % 3))));
            mod.Instructions.Clear();
            mod.Instructions.Add(apply);
            connection.SendCopy(mod);
        }

        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        var received = fake.ReceivedOf<FlowMod>();
        Assert.Equal(Count, received.Count);
        for (int i = 0; i < Count; i++)
        {
            Assert.Equal((ulong)i, received[i].Cookie);
            Assert.Equal(0x0200_0000_0000UL + (ulong)i, (ulong)received[i].Match[1].Value);
            Assert.Equal((uint)(2 + (i % 3)), received[i].Instructions[0].Actions[0].Port);
        }

        // Each got an xid of its own on the wire; the instance itself was left with 0.
        Assert.Equal(Count, received.Select(m => m.Xid).Distinct().Count());
        Assert.DoesNotContain(received, m => m.Xid == 0);
        Assert.Equal(0u, mod.Xid);
        Assert.Equal(Count, TestServer.SessionOf(connection).Counters.FlowModsSent);
    }

    [Fact]
    public async Task SendCopy_RefilledFlowMods_AllocateNothingPerMessageOnTheSendingThread()
    {
        // Messages are encoded straight into pooled batch buffers; what the sending thread allocates is
        // per buffer (32 KiB, about 400 of these: the buffer object, the filled list growing), about 300
        // bytes each. Any object per message would be 24 bytes or more. DotNetty's leak detector is off
        // for the count, as sdnctl runs it (see ProcessTuning): it picks one buffer in 128 at random and
        // captures a stack trace for it, kilobytes each, so with it on the count was not deterministic.
        const int Count = 100_000;
        var leakDetection = ResourceLeakDetector.Level;
        ResourceLeakDetector.Level = ResourceLeakDetector.DetectionLevel.Disabled;
        try
        {
            await SendRefilledAsync(Count);
        }
        finally
        {
            ResourceLeakDetector.Level = leakDetection;
        }
    }

    private static async Task SendRefilledAsync(int count)
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x83);
        var mod = new FlowMod { Priority = 100 };
        var apply = new OfpInstruction(OfpInstructionType.ApplyActions);

        void SendOne(int i)
        {
            mod.Cookie = (ulong)i;
            mod.Match.Clear();
            mod.Match.Add(OxmEntry.InPort(1));
            mod.Match.Add(OxmEntry.EthType(0x0800));
            mod.Match.Add(OxmEntry.Ipv4Dst(0x0A00_0000u | (uint)i, 24));
            apply.Actions.Clear();
            apply.Actions.Add(OfpAction.PushVlan());
            apply.Actions.Add(OfpAction.SetVlanVid((ushort)(1 + (i % 4000))));
            apply.Actions.Add(OfpAction.Output(2));
            mod.Instructions.Clear();
            mod.Instructions.Add(apply);
            connection.SendCopy(mod);
        }

        for (int i = 0; i < 2000; i++)
        {
            SendOne(i);
        }

        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < count; i++)
        {
            SendOne(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        // The bound is per batch buffer, as the cost is: how many buffers the sending thread takes fresh
        // rather than gets back from the drain depends on how far the drain keeps up (400-412 KB, i.e.
        // 4.0-4.1 B per message, was seen against a bound of 4 B per message). 2 KiB per buffer is
        // still under a third of one 24-byte object per message.
        long buffers = ((long)count * mod.Length / SwitchSession.BatchBufferSize) + 1;
        Assert.True(allocated < 2048 * buffers, $"{allocated} bytes allocated for {count} flow-mods in {buffers} buffers");
        Assert.Equal(2000 + count, fake.ReceivedOf<FlowMod>().Count);
    }

    [Fact]
    public async Task SendCopy_GivenXid_IsKeptOnTheWire()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x81);

        connection.SendCopy(new FlowMod { Xid = 0xabcd, Cookie = 7 });
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        var received = Assert.Single(fake.ReceivedOf<FlowMod>());
        Assert.Equal(0xabcdu, received.Xid);
        Assert.Equal(7UL, received.Cookie);
    }

    [Fact]
    public async Task SendAndSendCopy_Interleaved_KeepTheirOrder()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x82);
        var reused = new FlowMod();
        for (int i = 0; i < 100; i++)
        {
            if (i % 2 == 0)
            {
                connection.Send(new FlowMod { Cookie = (ulong)i });
            }
            else
            {
                reused.Cookie = (ulong)i;
                connection.SendCopy(reused);
            }
        }

        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ulong)i), fake.ReceivedOf<FlowMod>().Select(m => m.Cookie));
    }

    [Fact]
    public async Task SendCopy_FlowModRefused_SinkGetsTheRuleRebuiltFromTheError()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x83);
        fake.Intercept = async (m, sw) =>
        {
            if (m is FlowMod { Cookie: 7 })
            {
                await sw.SendAsync(FakeSwitch.ErrorFor(m, OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.TableFull));
                return true;
            }

            return false;
        };

        // The instance is changed after the refused send: reporting it would name the wrong flow, so the
        // session keeps only the xid and rebuilds what the error's copy of the message says (its cookie,
        // table and command), which is how the control loop's reused forwarding rules are named.
        var reused = BarrierTests.FlowMod(7);
        connection.SendCopy(reused);
        reused.Cookie = 8;
        connection.SendCopy(reused);
        connection.Flush();
        var error = await server.Sink.WaitForAsync(e => e.Kind == SinkEventKind.Error).WaitAsync(TestServer.Guard);

        Assert.Equal(OfpErrorType.FlowModFailed, ((ErrorMessage)error.Message!).ErrorType);
        FlowMod refused = Assert.IsType<FlowMod>(error.Request);
        Assert.NotSame(reused, refused);
        Assert.Equal((7ul, reused.TableId, reused.Command), (refused.Cookie, refused.TableId, refused.Command));
    }
}
