using SdnCtl.Nfv;

namespace SdnCtl.DataPlane.Network;

/// <summary>What an appliance did with a traced frame.</summary>
/// <param name="Kind">The appliance's kind (<c>firewall</c>, <c>nat</c>, ...).</param>
/// <param name="InInterface">The interface the frame arrived on.</param>
/// <param name="Verdict">What the appliance did with it.</param>
/// <param name="OutInterfaces">The interface each of the hop's outputs left by, in output order.</param>
public sealed record NetworkTraceAppliance(string Kind, string InInterface, FrameDisposition Verdict, IReadOnlyList<string> OutInterfaces);
