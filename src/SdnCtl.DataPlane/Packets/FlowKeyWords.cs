using System.Runtime.CompilerServices;

namespace SdnCtl.DataPlane.Packets;

/// <summary>
/// The flat, fixed-size form of every OXM field of a packet: <see cref="FlowKeyLayout.WordCount"/>
/// 64-bit words laid out by <see cref="FlowKeyLayout"/>. Flow matches are compiled to the same
/// layout (values and masks), so matching a rule is a handful of AND/compare operations on words.
/// </summary>
[InlineArray(FlowKeyLayout.WordCount)]
public struct FlowKeyWords
{
    private ulong _element0;
}
