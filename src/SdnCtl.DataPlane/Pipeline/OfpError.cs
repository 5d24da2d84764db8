using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// A request the pipeline refused, as the OFPT_ERROR type and code to answer with (spec 7.4.4).
/// Refusals are expected outcomes, so they are values; <see cref="ToException"/> bridges to the
/// codec's <c>OfpCodec.CreateError</c>.
/// </summary>
public readonly record struct OfpError(OfpErrorType Type, ushort Code, string Message)
{
    /// <summary>OFPET_FLOW_MOD_FAILED.</summary>
    public static OfpError FlowMod(FlowModFailedCode code, string message) => new(OfpErrorType.FlowModFailed, (ushort)code, message);

    /// <summary>OFPET_GROUP_MOD_FAILED.</summary>
    public static OfpError GroupMod(GroupModFailedCode code, string message) => new(OfpErrorType.GroupModFailed, (ushort)code, message);

    /// <summary>OFPET_METER_MOD_FAILED.</summary>
    public static OfpError MeterMod(MeterModFailedCode code, string message) => new(OfpErrorType.MeterModFailed, (ushort)code, message);

    /// <summary>OFPET_BAD_ACTION.</summary>
    public static OfpError BadAction(BadActionCode code, string message) => new(OfpErrorType.BadAction, (ushort)code, message);

    /// <summary>OFPET_BAD_INSTRUCTION.</summary>
    public static OfpError BadInstruction(BadInstructionCode code, string message) => new(OfpErrorType.BadInstruction, (ushort)code, message);

    /// <summary>OFPET_BAD_MATCH.</summary>
    public static OfpError BadMatch(BadMatchCode code, string message) => new(OfpErrorType.BadMatch, (ushort)code, message);

    /// <summary>OFPET_BAD_REQUEST.</summary>
    public static OfpError BadRequest(BadRequestCode code, string message) => new(OfpErrorType.BadRequest, (ushort)code, message);

    /// <summary>From a decoder's exception.</summary>
    public static OfpError From(OfpProtocolException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(exception.ErrorType, exception.Code, exception.Message);
    }

    /// <summary>The equivalent exception (for <c>OfpCodec.CreateError</c>).</summary>
    public OfpProtocolException ToException() => new(Type, Code, Message);

    /// <inheritdoc/>
    public override string ToString() => $"{Type}/{Code}: {Message}";
}
