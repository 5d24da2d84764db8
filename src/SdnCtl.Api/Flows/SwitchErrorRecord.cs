using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.Api.Flows;

/// <summary>One OFPT_ERROR a switch sent, with the request it refused when the session still knew it.</summary>
/// <param name="DatapathId">The switch.</param>
/// <param name="Time">When it arrived.</param>
/// <param name="Xid">The xid of the refused request (the error carries it).</param>
/// <param name="ErrorType">OFPET_*.</param>
/// <param name="Code">The type's code.</param>
/// <param name="RequestType">The refused message's type, when known.</param>
/// <param name="Request">The refused message as text, when known.</param>
public sealed record SwitchErrorRecord(
    ulong DatapathId, DateTimeOffset Time, uint Xid, OfpErrorType ErrorType, ushort Code, OfpType? RequestType, string? Request)
{
    /// <summary>The code's name in its type's enum (<c>BadTableId</c>), or the number.</summary>
    public string CodeName => OfpErrorText.Name(ErrorType, Code);
}
