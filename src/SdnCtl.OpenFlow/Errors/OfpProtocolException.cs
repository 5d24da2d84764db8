using System.Diagnostics.CodeAnalysis;

namespace SdnCtl.OpenFlow.Errors;

/// <summary>
/// A message broke the OpenFlow 1.3 wire rules. Carries the OFPT_ERROR type and code that the
/// receiver must answer with (spec 7.4.4); thrown by decoders, caught by whoever owns the session.
/// </summary>
public sealed class OfpProtocolException : Exception
{
    /// <summary>Creates the error with the type/code to report on the wire.</summary>
    public OfpProtocolException(OfpErrorType errorType, ushort code, string message)
        : base(message)
    {
        ErrorType = errorType;
        Code = code;
    }

    public OfpProtocolException()
        : this(OfpErrorType.BadRequest, (ushort)BadRequestCode.BadLen, "malformed OpenFlow message")
    {
    }

    public OfpProtocolException(string message)
        : this(OfpErrorType.BadRequest, (ushort)BadRequestCode.BadLen, message)
    {
    }

    public OfpProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorType = OfpErrorType.BadRequest;
        Code = (ushort)BadRequestCode.BadLen;
    }

    /// <summary>OFPT_ERROR type to send back.</summary>
    public OfpErrorType ErrorType { get; }

    /// <summary>OFPT_ERROR code to send back (meaning depends on <see cref="ErrorType"/>).</summary>
    public ushort Code { get; }

    [DoesNotReturn]
    public static void ThrowBadRequest(BadRequestCode code, string message) =>
        throw new OfpProtocolException(OfpErrorType.BadRequest, (ushort)code, message);

    [DoesNotReturn]
    public static void ThrowBadMatch(BadMatchCode code, string message) =>
        throw new OfpProtocolException(OfpErrorType.BadMatch, (ushort)code, message);

    [DoesNotReturn]
    public static void ThrowBadAction(BadActionCode code, string message) =>
        throw new OfpProtocolException(OfpErrorType.BadAction, (ushort)code, message);

    [DoesNotReturn]
    public static void ThrowBadInstruction(BadInstructionCode code, string message) =>
        throw new OfpProtocolException(OfpErrorType.BadInstruction, (ushort)code, message);

    [DoesNotReturn]
    public static void Throw(OfpErrorType type, ushort code, string message) =>
        throw new OfpProtocolException(type, code, message);
}
