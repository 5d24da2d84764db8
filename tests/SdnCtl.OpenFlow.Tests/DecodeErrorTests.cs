using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests;

/// <summary>Each kind of malformed input yields the OFPT_ERROR type/code the spec names for it.</summary>
public sealed class DecodeErrorTests
{
    private static OfpProtocolException DecodeFails(byte[] frame)
    {
        Assert.False(OfpCodec.TryDecode(frame, out var message, out var error), $"decoded as {message}");
        Assert.NotNull(error);
        Assert.Null(error.InnerException);
        return error;
    }

    private static void AssertError(byte[] frame, OfpErrorType type, ushort code)
    {
        var e = DecodeFails(frame);
        Assert.True(e.ErrorType == type && e.Code == code, $"expected {type}/{code}, got {e.ErrorType}/{e.Code}: {e.Message}");
    }

    private static void AssertBadRequest(byte[] frame, BadRequestCode code) => AssertError(frame, OfpErrorType.BadRequest, (ushort)code);

    private static void AssertBadMatch(byte[] frame, BadMatchCode code) => AssertError(frame, OfpErrorType.BadMatch, (ushort)code);

    [Fact]
    public void Decode_FrameShorterThanHeader_ReturnsBadLen() =>
        AssertBadRequest(Hex.Parse("04050008000000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_LengthFieldLongerThanFrame_ReturnsBadLen() =>
        AssertBadRequest(Hex.Parse("0405001000000001"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_LengthFieldShorterThanFrame_ReturnsBadLen() =>
        AssertBadRequest(Hex.Parse("0405000800000001 00000000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_LengthFieldBelowHeaderSize_ReturnsBadLen() =>
        AssertBadRequest(Hex.Parse("0405000400000001"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_TrailingBytesAfterFixedBody_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.FeaturesRequest, "00000000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_TrailingBytesAfterFlowRemovedMatch_ReturnsBadLen() =>
        AssertBadRequest(
            Frames.Build(OfpType.FlowRemoved, "0000000000000001 8000 00 00 00000000 00000000 0000 0000 0000000000000000 0000000000000000 0001 0004 00000000 0000000000000000"),
            BadRequestCode.BadLen);

    [Fact]
    public void Decode_FlowModShorterThanFixedPart_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.FlowMod, Frames.FlowModFixed + "0001"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_PortStatusTruncated_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.PortStatus, "00 00000000000000 00000001"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_MultipartShorterThanItsHeader_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.MultipartRequest, "0000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_Version3FeaturesRequest_ReturnsBadVersion() =>
        AssertBadRequest(Frames.Build(OfpType.FeaturesRequest, "", version: 3), BadRequestCode.BadVersion);

    [Fact]
    public void Decode_Version5FlowMod_ReturnsBadVersion() =>
        AssertBadRequest(Frames.Build(OfpType.FlowMod, Frames.FlowModFixed + "0001 0004 00000000", version: 5), BadRequestCode.BadVersion);

    [Fact]
    public void Decode_HelloWithOtherVersion_DecodesForNegotiation()
    {
        var hello = Assert.IsType<Hello>(OfpCodec.Decode(Frames.Build(OfpType.Hello, "", version: 1)));
        Assert.Equal(1, hello.Version);
        var future = Assert.IsType<Hello>(OfpCodec.Decode(Frames.Build(OfpType.Hello, "0001 0008 00000030", version: 5)));
        Assert.Equal(5, future.Version);
        Assert.True(future.SupportsVersion(4));
    }

    [Fact]
    public void Decode_UnknownMessageType_ReturnsBadType() =>
        AssertBadRequest(Frames.Build(30, []), BadRequestCode.BadType);

    [Fact]
    public void Decode_UnknownMultipartType_ReturnsBadMultipart()
    {
        AssertBadRequest(Frames.Build(OfpType.MultipartRequest, "000e 0000 00000000"), BadRequestCode.BadMultipart);
        AssertBadRequest(Frames.Build(OfpType.MultipartReply, "fffe 0000 00000000"), BadRequestCode.BadMultipart);
    }

    [Fact]
    public void Decode_TruncatedOxmHeader_ReturnsBadMatchBadLen() =>
        AssertBadMatch(Frames.FlowMod("0001 0006 8000 0000"), BadMatchCode.BadLen);

    [Fact]
    public void Decode_OxmPayloadRunsPastMatch_ReturnsBadMatchBadLen() =>
        AssertBadMatch(Frames.FlowMod("0001 000a 80000004 0000 0000"), BadMatchCode.BadLen);

    [Fact]
    public void Decode_OxmLengthWrongForField_ReturnsBadMatchBadLen() =>
        AssertBadMatch(Frames.FlowModWithOxms("80000003 000001"), BadMatchCode.BadLen);

    [Fact]
    public void Decode_MatchLengthPastMessage_ReturnsBadMatchBadLen() =>
        AssertBadMatch(Frames.FlowMod("0001 0040 80000004 00000001"), BadMatchCode.BadLen);

    [Fact]
    public void Decode_MatchTruncatedBelowItsHeader_ReturnsBadRequestBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.FlowMod, Frames.FlowModFixed + "0001 0004 0000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_MatchTypeNotOxm_ReturnsBadMatchBadType() =>
        AssertBadMatch(Frames.FlowMod("0000 0004 00000000"), BadMatchCode.BadType);

    [Fact]
    public void Decode_UnknownOxmField_ReturnsBadField() =>
        AssertBadMatch(Frames.FlowModWithOxms("80005004 00000001"), BadMatchCode.BadField);

    [Fact]
    public void Decode_NonBasicOxmClass_ReturnsBadField() =>
        AssertBadMatch(Frames.FlowModWithOxms("00010004 00000001"), BadMatchCode.BadField);

    [Fact]
    public void Decode_DuplicateOxmField_ReturnsDupField() =>
        AssertBadMatch(Frames.FlowModWithOxms("80000004 00000001 80000004 00000002"), BadMatchCode.DupField);

    [Fact]
    public void Decode_MaskOnNonMaskableField_ReturnsBadMask() =>
        AssertBadMatch(Frames.FlowModWithOxms("80000108 00000001 ffffffff"), BadMatchCode.BadMask);

    [Fact]
    public void Decode_OxmValueWiderThanField_ReturnsBadValue() =>
        AssertBadMatch(Frames.FlowModWithOxms("80000c02 2001"), BadMatchCode.BadValue);

    [Fact]
    public void Decode_OxmValueBitOutsideMask_ReturnsBadWildcards() =>
        AssertBadMatch(Frames.FlowModWithOxms("80001708 0a000001 ffffff00"), BadMatchCode.BadWildcards);

    [Fact]
    public void Decode_UnknownActionType_ReturnsBadActionBadType() =>
        AssertError(Frames.PacketOut("0001 0008 00000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadType);

    [Fact]
    public void Decode_ActionLengthNotMultipleOf8_ReturnsBadActionBadLen() =>
        AssertError(Frames.PacketOut("0000 000c 00000001 ffff 0000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadLen);

    [Fact]
    public void Decode_OutputActionWithWrongLength_ReturnsBadActionBadLen() =>
        AssertError(Frames.PacketOut("0000 0008 00000001"), OfpErrorType.BadAction, (ushort)BadActionCode.BadLen);

    [Fact]
    public void Decode_OutputToPortAny_ReturnsBadOutPort() =>
        AssertError(Frames.PacketOut("0000 0010 ffffffff ffff 000000000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadOutPort);

    [Fact]
    public void Decode_PushVlanWithWrongEthertype_ReturnsBadArgument() =>
        AssertError(Frames.PacketOut("0011 0008 0800 0000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadArgument);

    [Fact]
    public void Decode_MaskedSetField_ReturnsBadSetArgument() =>
        AssertError(Frames.PacketOut("0019 0018 8000070c 000000000001 ffffffffffff 00000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadSetArgument);

    [Fact]
    public void Decode_SetFieldOfInPort_ReturnsBadSetType() =>
        AssertError(Frames.PacketOut("0019 0010 80000004 00000001 00000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadSetType);

    [Fact]
    public void Decode_SetFieldUnknownField_ReturnsBadSetType() =>
        AssertError(Frames.PacketOut("0019 0010 80005004 00000001 00000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadSetType);

    [Fact]
    public void Decode_SetFieldLengthMismatch_ReturnsBadSetLen() =>
        AssertError(Frames.PacketOut("0019 0018 80000606 000000000001 0000 0000000000000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadSetLen);

    [Fact]
    public void Decode_UnknownInstruction_ReturnsUnknownInst() =>
        AssertError(Frames.FlowModWithOxms("", "0007 0008 00000000"), OfpErrorType.BadInstruction, (ushort)BadInstructionCode.UnknownInst);

    [Fact]
    public void Decode_InstructionLengthPastMessage_ReturnsBadInstructionBadLen() =>
        AssertError(Frames.FlowModWithOxms("", "0001 0010 01000000"), OfpErrorType.BadInstruction, (ushort)BadInstructionCode.BadLen);

    [Fact]
    public void Decode_GotoTableWithWrongLength_ReturnsBadInstructionBadLen() =>
        AssertError(Frames.FlowModWithOxms("", "0001 0010 01000000 0000000000000000"), OfpErrorType.BadInstruction, (ushort)BadInstructionCode.BadLen);

    [Fact]
    public void Decode_RepeatedInstruction_ReturnsUnsupInst() =>
        AssertError(Frames.FlowModWithOxms("", "0001 0008 01000000 0001 0008 02000000"), OfpErrorType.BadInstruction, (ushort)BadInstructionCode.UnsupInst);

    [Fact]
    public void Decode_BadActionInsideInstruction_ReturnsBadAction() =>
        AssertError(Frames.FlowModWithOxms("", "0004 0010 00000000 0002 0008 00000000"), OfpErrorType.BadAction, (ushort)BadActionCode.BadType);

    [Fact]
    public void Decode_FlowModUnknownCommand_ReturnsFlowModFailedBadCommand() =>
        AssertError(
            Frames.Build(OfpType.FlowMod, "0000000000000000 0000000000000000 00 05 0000 0000 8000 ffffffff ffffffff ffffffff 0000 0000 0001 0004 00000000"),
            OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.BadCommand);

    [Fact]
    public void Decode_FlowModUnknownFlags_ReturnsFlowModFailedBadFlags() =>
        AssertError(
            Frames.Build(OfpType.FlowMod, "0000000000000000 0000000000000000 00 00 0000 0000 8000 ffffffff ffffffff ffffffff 0020 0000 0001 0004 00000000"),
            OfpErrorType.FlowModFailed, (ushort)FlowModFailedCode.BadFlags);

    [Fact]
    public void Decode_GroupModBucketLengthTooShort_ReturnsBadBucket() =>
        AssertError(Frames.Build(OfpType.GroupMod, "0000 00 00 00000001 0008 0000 ffffffff ffffffff 00000000"), OfpErrorType.GroupModFailed, (ushort)GroupModFailedCode.BadBucket);

    [Fact]
    public void Decode_GroupModUnknownType_ReturnsGroupModBadType() =>
        AssertError(Frames.Build(OfpType.GroupMod, "0000 04 00 00000001"), OfpErrorType.GroupModFailed, (ushort)GroupModFailedCode.BadType);

    [Fact]
    public void Decode_MeterModUnknownBand_ReturnsBadBand() =>
        AssertError(Frames.Build(OfpType.MeterMod, "0000 0001 00000001 0003 0010 00000001 00000000 00000000"), OfpErrorType.MeterModFailed, (ushort)MeterModFailedCode.BadBand);

    [Fact]
    public void Decode_MeterModUnknownFlags_ReturnsMeterModBadFlags() =>
        AssertError(Frames.Build(OfpType.MeterMod, "0000 0010 00000001"), OfpErrorType.MeterModFailed, (ushort)MeterModFailedCode.BadFlags);

    [Fact]
    public void Decode_RoleRequestUnknownRole_ReturnsBadRole() =>
        AssertError(Frames.Build(OfpType.RoleRequest, "00000004 00000000 0000000000000000"), OfpErrorType.RoleRequestFailed, (ushort)RoleRequestFailedCode.BadRole);

    [Fact]
    public void Decode_SetConfigUnknownFlags_ReturnsSwitchConfigBadFlags() =>
        AssertError(Frames.Build(OfpType.SetConfig, "0004 0080"), OfpErrorType.SwitchConfigFailed, (ushort)SwitchConfigFailedCode.BadFlags);

    [Fact]
    public void Decode_PacketOutActionsLenPastMessage_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.PacketOut, "ffffffff fffffffd 0010 000000000000 00000000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_FlowStatsEntryLengthPastPayload_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.MultipartReply, "0001 0000 00000000 0048 00 00 00000000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_PortDescReplyWithPartialPort_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.MultipartReply, "000d 0000 00000000 00000001 00000000"), BadRequestCode.BadLen);

    [Fact]
    public void Decode_HelloElementLengthPastMessage_ReturnsBadLen() =>
        AssertBadRequest(Frames.Build(OfpType.Hello, "0001 0010 00000010"), BadRequestCode.BadLen);

    [Fact]
    public void Check_TcpPortWithoutIpProto_ReturnsBadPrereq()
    {
        var e = Assert.Throws<OfpProtocolException>(() => MatchPrerequisites.Check([OxmEntry.EthType(0x0800), OxmEntry.TcpDst(80)]));
        Assert.Equal(OfpErrorType.BadMatch, e.ErrorType);
        Assert.Equal((ushort)BadMatchCode.BadPrereq, e.Code);
    }

    [Fact]
    public void Decode_MissingPrerequisite_IsNotCheckedByDecoder()
    {
        var frame = new FlowMod { Match = [OxmEntry.TcpDst(80)] }.ToArray();
        var flowMod = Assert.IsType<FlowMod>(OfpCodec.Decode(frame));
        Assert.Throws<OfpProtocolException>(() => MatchPrerequisites.Check(flowMod.Match.ToArray()));
    }
}
