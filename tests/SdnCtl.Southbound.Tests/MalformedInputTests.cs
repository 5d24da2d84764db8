using System.Buffers.Binary;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Southbound.Tests.Fakes;

namespace SdnCtl.Southbound.Tests;

public sealed class MalformedInputTests
{
    private const uint BadXid = 0x0bad_f00d;

    public static TheoryData<string, byte[], OfpErrorType, ushort> BadMessages() => new()
    {
        { "truncated PORT_STATUS", Frame(OfpConstants.Version, OfpType.PortStatus, new byte[12]), OfpErrorType.BadRequest, (ushort)BadRequestCode.BadLen },
        { "OpenFlow 1.0 ECHO_REQUEST", Frame(0x01, OfpType.EchoRequest, []), OfpErrorType.BadRequest, (ushort)BadRequestCode.BadVersion },
        { "unknown message type", Frame(OfpConstants.Version, (OfpType)200, new byte[4]), OfpErrorType.BadRequest, (ushort)BadRequestCode.BadType },
        { "unknown multipart type", Frame(OfpConstants.Version, OfpType.MultipartReply, [0x77, 0x77, 0, 0, 0, 0, 0, 0]), OfpErrorType.BadRequest, (ushort)BadRequestCode.BadMultipart },
        { "FLOW_MOD sent to the controller", WithXid(BarrierTests.FlowMod(1).ToArray()), OfpErrorType.BadRequest, (ushort)BadRequestCode.BadType },
        { "unsupported experimenter", WithXid(new ExperimenterMessage { ExperimenterId = 0x2320 }.ToArray()), OfpErrorType.BadRequest, (ushort)BadRequestCode.BadExperimenter },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task BadMessage_AnsweredWithErrorAndSessionContinues(string what, byte[] frame, OfpErrorType type, ushort code)
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x40);

        await fake.SendRawAsync(frame);
        var error = (ErrorMessage)await fake.WaitForAsync(m => m is ErrorMessage { Xid: BadXid }).WaitAsync(TestServer.Guard);

        Assert.True(type == error.ErrorType && code == error.Code, $"{what}: expected {type}/{code}, got {error.ErrorType}/{error.Code}");
        Assert.Equal(frame.AsSpan(0, Math.Min(frame.Length, 64)).ToArray(), error.Data.ToArray());
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task MalformedReply_ToPendingRequest_FaultsItInsteadOfTimingOut()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x41);
        fake.Intercept = async (m, sw) =>
        {
            if (m is not RoleRequest)
            {
                return false;
            }

            // A ROLE_REPLY whose body is 4 bytes short.
            var bytes = new RoleReply { Xid = m.Xid }.ToArray().AsSpan(0, 20).ToArray();
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), 20);
            await sw.SendRawAsync(bytes);
            return true;
        };

        var e = await Assert.ThrowsAsync<OfpProtocolException>(() =>
            connection.RequestAsync<RoleReply>(new RoleRequest { Role = ControllerRole.Equal }).WaitAsync(TestServer.Guard));

        Assert.Equal((ushort)BadRequestCode.BadLen, e.Code);
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);
    }

    [Fact]
    public async Task MalformedError_FromSwitch_NotAnsweredWithAnotherError()
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x43);

        await fake.SendRawAsync(Frame(OfpConstants.Version, OfpType.Error, [0, 1, 0]));
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        // The barrier reply came after the bad ERROR was processed, so an answer would be here by now.
        Assert.DoesNotContain(fake.Received, m => m is ErrorMessage);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task SinkThrows_OnPacketIn_SessionCarriesOn()
    {
        await using var server = await TestServer.StartAsync();
        server.Sink.ThrowOnPacketIn = true;
        var (fake, connection) = await server.ConnectSwitchAsync(0x44);

        await fake.SendAsync(new PacketIn { Data = new byte[] { 1 } });
        await fake.SendAsync(new PacketIn { Data = new byte[] { 2 } });
        await connection.BarrierAsync().WaitAsync(TestServer.Guard);

        Assert.Equal(2, server.Sink.Events.Count(e => e.Kind == SinkEventKind.PacketIn));
        Assert.True(connection.IsConnected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task GarbageFraming_HeaderLengthBelowEight_BadLenErrorThenClosedCleanly(int length)
    {
        await using var server = await TestServer.StartAsync();
        var (fake, connection) = await server.ConnectSwitchAsync(0x42);

        var header = new byte[] { OfpConstants.Version, (byte)OfpType.EchoRequest, 0, (byte)length, 0, 0, 0, 9 };
        await fake.SendRawAsync(header.Concat(new byte[32]).ToArray());
        var error = (ErrorMessage)await fake.WaitForAsync(m => m is ErrorMessage).WaitAsync(TestServer.Guard);
        await fake.Closed.WaitAsync(TestServer.Guard);
        var disconnected = await server.Sink.WaitForDisconnectedAsync(connection).WaitAsync(TestServer.Guard);

        Assert.Equal(OfpErrorType.BadRequest, error.ErrorType);
        Assert.Equal((ushort)BadRequestCode.BadLen, error.Code);
        Assert.Equal(header, error.Data.ToArray());
        Assert.StartsWith("framing error", disconnected.Reason, StringComparison.Ordinal);
        Assert.Single(server.Sink.Events, e => e.Kind == SinkEventKind.Disconnected);
    }

    [Fact]
    public async Task Fuzz_OneSessionSendsGarbage_OtherSessionsKeepCompletingBarriers()
    {
        await using var server = await TestServer.StartAsync();
        var healthy = new[] { await server.ConnectSwitchAsync(0x51), await server.ConnectSwitchAsync(0x52), await server.ConnectSwitchAsync(0x53) };
        var (victim, victimConnection) = await server.ConnectSwitchAsync(0x5f);

        var random = new Random(20240613);
        var garbage = Task.Run(async () =>
        {
            // Well-framed messages with random types and bodies first (decode errors, refusals,
            // unsolicited replies), then raw noise that eventually breaks the framing.
            for (int i = 0; i < 2000; i++)
            {
                int bodyLength = random.Next(0, 120);
                var body = new byte[bodyLength];
                random.NextBytes(body);
                var frame = Frame(random.Next(8) == 0 ? (byte)random.Next(256) : OfpConstants.Version, (OfpType)random.Next(32), body);
                await victim.SendRawAsync(frame);
            }

            // Random noise, then zeros: whatever frame the noise left open is complete within 64 KiB
            // of zeros, and the header after it announces length 0.
            var noise = new byte[(64 * 1024) + (64 * 1024) + OfpConstants.HeaderSize];
            random.NextBytes(noise.AsSpan(0, 64 * 1024));
            try
            {
                await victim.SendRawAsync(noise);
            }
            catch (IOException)
            {
                // The controller may already have hung up on us.
            }
        });

        var barriers = healthy.Select(async h =>
        {
            for (int i = 0; i < 50; i++)
            {
                h.Item2.Send(BarrierTests.FlowMod(i));
                await h.Item2.BarrierAsync();
            }
        });
        await Task.WhenAll(barriers.Append(garbage)).WaitAsync(TestServer.Guard);

        Assert.All(healthy, h => Assert.True(h.Item2.IsConnected));
        Assert.All(healthy, h => Assert.Equal(50, h.Item1.ReceivedOf<FlowMod>().Count));
        Assert.NotEmpty(victim.ReceivedOf<ErrorMessage>());
        await victim.Closed.WaitAsync(TestServer.Guard);
        Assert.False(victimConnection.IsConnected);
    }

    private static byte[] Frame(byte version, OfpType type, byte[] body)
    {
        var frame = new byte[OfpConstants.HeaderSize + body.Length];
        new OfpHeader(version, type, (ushort)frame.Length, BadXid).Write(frame);
        body.CopyTo(frame, OfpConstants.HeaderSize);
        return frame;
    }

    private static byte[] WithXid(byte[] frame)
    {
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), BadXid);
        return frame;
    }
}
