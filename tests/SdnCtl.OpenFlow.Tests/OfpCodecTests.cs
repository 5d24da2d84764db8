using System.Text;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests;

public sealed class OfpCodecTests
{
    [Fact]
    public void GetFrameLength_FewerThan8Bytes_ReturnsNull()
    {
        Assert.Null(OfpCodec.GetFrameLength([]));
        Assert.Null(OfpCodec.GetFrameLength(Hex.Parse("04 0e 0060 000000")));
    }

    [Fact]
    public void GetFrameLength_HeaderPresent_ReturnsLengthAtOffset2()
    {
        Assert.Equal(0x60, OfpCodec.GetFrameLength(Hex.Parse("04 0e 0060 00000001 ffff")));
        Assert.Equal(0xffff, OfpCodec.GetFrameLength(Hex.Parse("01 00 ffff 00000001")));
        Assert.Equal(0, OfpCodec.GetFrameLength(Hex.Parse("04 00 0000 00000001")));
    }

    [Fact]
    public void TryDecode_ValidFrame_ReturnsMessageAndNoError()
    {
        Assert.True(OfpCodec.TryDecode(new BarrierRequest { Xid = 9 }.ToArray(), out var message, out var error));
        Assert.Null(error);
        Assert.Equal(new BarrierRequest { Xid = 9 }, message);
    }

    [Fact]
    public void TryDecode_MalformedFrame_ReturnsErrorAndNoMessage()
    {
        Assert.False(OfpCodec.TryDecode(Hex.Parse("04 1e 0008 00000001"), out var message, out var error));
        Assert.Null(message);
        Assert.Equal(OfpErrorType.BadRequest, error!.ErrorType);
        Assert.Equal((ushort)BadRequestCode.BadType, error.Code);
    }

    [Fact]
    public void CreateError_LongOffendingFrame_CarriesXidAndFirst64Bytes()
    {
        var frame = new EchoRequest { Xid = 0x01020304, Data = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray() }.ToArray();
        var error = new OfpProtocolException(OfpErrorType.BadRequest, (ushort)BadRequestCode.BadLen, "x");

        var reply = OfpCodec.CreateError(error, frame);

        Assert.Equal(0x01020304u, reply.Xid);
        Assert.Equal(OfpErrorType.BadRequest, reply.ErrorType);
        Assert.Equal((ushort)BadRequestCode.BadLen, reply.Code);
        Assert.Equal(frame.AsSpan(0, 64).ToArray(), reply.Data.ToArray());
        Assert.Equal(reply, OfpCodec.Decode(reply.ToArray()));
    }

    [Fact]
    public void CreateError_ShortOffendingFrame_CarriesWholeFrame()
    {
        var frame = Hex.Parse("04 05 000a 00000007 0000");
        Assert.False(OfpCodec.TryDecode(frame, out _, out var error));

        var reply = OfpCodec.CreateError(error!, frame);

        Assert.Equal(7u, reply.Xid);
        Assert.Equal(frame, reply.Data.ToArray());
    }

    [Fact]
    public void CreateError_FrameWithoutHeader_UsesXidZero() =>
        Assert.Equal(0u, OfpCodec.CreateError(new OfpProtocolException(), Hex.Parse("0400")).Xid);

    [Fact]
    public void CreateError_HelloFailed_CarriesAsciiExplanation()
    {
        var error = new OfpProtocolException(OfpErrorType.HelloFailed, (ushort)HelloFailedCode.Incompatible, "no common version");

        var reply = OfpCodec.CreateError(error, Hello.ForVersions(1).ToArray());

        Assert.Equal("no common version", Encoding.ASCII.GetString(reply.Data.Span));
    }

    [Fact]
    public void DecodeInto_FlowModFrameIntoFlowMod_ReusesListsAndInstructionObjects()
    {
        var target = new FlowMod();
        OfpCodec.DecodeInto(FlowModFrame(1), target);
        var match = target.Match;
        var instruction = target.Instructions[0];
        var actions = instruction.Actions;

        OfpCodec.DecodeInto(FlowModFrame(2), target);

        Assert.Same(match, target.Match);
        Assert.Same(instruction, target.Instructions[0]);
        Assert.Same(actions, target.Instructions[0].Actions);
        Assert.Equal(OfpCodec.Decode(FlowModFrame(2)), target);
    }

    [Fact]
    public void DecodeInto_FewerInstructionsThanBefore_TrimsList()
    {
        var target = new FlowMod();
        OfpCodec.DecodeInto(new FlowMod { Instructions = [OfpInstruction.GotoTable(1), OfpInstruction.Meter(2)] }.ToArray(), target);
        OfpCodec.DecodeInto(new FlowMod { Instructions = [OfpInstruction.ClearActions()] }.ToArray(), target);
        Assert.Equal([OfpInstruction.ClearActions()], target.Instructions);
    }

    [Fact]
    public void DecodeInto_PacketIn_DataPointsIntoReusedBuffer()
    {
        var target = new PacketIn();
        OfpCodec.DecodeInto(new PacketIn { Data = new byte[64], Match = [OxmEntry.InPort(1)] }.ToArray(), target);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(target.Data, out var first));

        OfpCodec.DecodeInto(new PacketIn { Data = new byte[] { 1, 2, 3 }, Match = [OxmEntry.InPort(7)] }.ToArray(), target);

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(target.Data, out var second));
        Assert.Same(first.Array, second.Array);
        Assert.Equal(new byte[] { 1, 2, 3 }, target.Data.ToArray());
        Assert.Equal(7u, target.InPort);
    }

    [Fact]
    public void DecodeInto_WrongMessageType_ReturnsBadType()
    {
        var e = Assert.Throws<OfpProtocolException>(() => OfpCodec.DecodeInto(new BarrierRequest().ToArray(), new FlowMod()));
        Assert.Equal((ushort)BadRequestCode.BadType, e.Code);
        e = Assert.Throws<OfpProtocolException>(() => OfpCodec.DecodeInto(new FlowMod().ToArray(), new PacketIn()));
        Assert.Equal((ushort)BadRequestCode.BadType, e.Code);
    }

    [Fact]
    public void DecodeInto_OtherVersion_ReturnsBadVersion()
    {
        var frame = new FlowMod().ToArray();
        frame[0] = 1;
        var e = Assert.Throws<OfpProtocolException>(() => OfpCodec.DecodeInto(frame, new FlowMod()));
        Assert.Equal((ushort)BadRequestCode.BadVersion, e.Code);
    }

    [Fact]
    public void PacketIn_InPort_ReadsInPortFromMatch()
    {
        Assert.Equal(42u, new PacketIn { Match = [OxmEntry.EthType(0x0800), OxmEntry.InPort(42)] }.InPort);
        Assert.Null(new PacketIn().InPort);
    }

    [Fact]
    public void WriteTo_DestinationTooShort_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new FlowMod().WriteTo(new byte[10]));

    [Fact]
    public void WriteTo_MessageOver65535Bytes_ThrowsInvalidOperation() =>
        Assert.Throws<InvalidOperationException>(() => new EchoRequest { Data = new byte[70000] }.ToArray());

    [Fact]
    public void Equals_DifferentXidOrField_IsFalse()
    {
        Assert.NotEqual(new BarrierRequest { Xid = 1 }, new BarrierRequest { Xid = 2 });
        Assert.NotEqual(new FlowMod { Priority = 1 }, new FlowMod { Priority = 2 });
        Assert.NotEqual<OfpMessage>(new BarrierRequest(), new BarrierReply());
        Assert.Equal(new FlowMod { Match = [OxmEntry.InPort(1)] }, new FlowMod { Match = [OxmEntry.InPort(1)] });
        Assert.Equal(new FlowMod { Match = [OxmEntry.InPort(1)] }.GetHashCode(), new FlowMod { Match = [OxmEntry.InPort(1)] }.GetHashCode());
    }

    [Fact]
    public void EchoRequest_CreateReply_EchoesXidAndData()
    {
        var reply = new EchoRequest { Xid = 5, Data = new byte[] { 1, 2 } }.CreateReply();
        Assert.Equal(new EchoReply { Xid = 5, Data = new byte[] { 1, 2 } }, reply);
    }

    [Fact]
    public void OfpPort_LongName_IsTruncatedTo15Characters()
    {
        var status = new PortStatus { Port = new OfpPort { Name = "a-very-long-port-name" } };
        var decoded = Assert.IsType<PortStatus>(OfpCodec.Decode(status.ToArray()));
        Assert.Equal("a-very-long-por", decoded.Port.Name);
    }

    private static byte[] FlowModFrame(uint port) => new FlowMod
    {
        Xid = port,
        Match = [OxmEntry.InPort(port), OxmEntry.EthDst(port)],
        Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(port))],
    }.ToArray();
}
