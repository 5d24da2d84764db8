using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Switches;

/// <summary>The switch answered a request with OFPT_ERROR.</summary>
public sealed class OpenFlowErrorException : Exception
{
    public OpenFlowErrorException()
    {
        Error = new ErrorMessage();
    }

    public OpenFlowErrorException(string message)
        : base(message)
    {
        Error = new ErrorMessage();
    }

    public OpenFlowErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new ErrorMessage();
    }

    /// <summary>Wraps the switch's error reply.</summary>
    public OpenFlowErrorException(ErrorMessage error)
        : base($"switch refused the request: {error?.ErrorType}/{error?.Code}")
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>The OFPT_ERROR the switch sent.</summary>
    public ErrorMessage Error { get; }

    /// <summary>Error type of <see cref="Error"/>.</summary>
    public OfpErrorType ErrorType => Error.ErrorType;
}
