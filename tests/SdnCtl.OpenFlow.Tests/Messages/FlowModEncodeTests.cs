using System.Buffers.Binary;
using CsCheck;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using SdnCtl.OpenFlow.Tests.TestSupport;

namespace SdnCtl.OpenFlow.Tests.Messages;

/// <summary>
/// The FLOW_MOD send path (one walk per list, the caller's length, the match header written after its
/// fields, action instructions sized from what was written) gives the same bytes as the plain
/// composition of the per-item codecs, over random shapes.
/// </summary>
public sealed class FlowModEncodeTests
{
    private const int Samples = 3000;

    /// <summary>Spec 7.3.4.1 laid out field by field from the per-item codecs, each list walked separately.</summary>
    private static byte[] Reference(FlowMod m)
    {
        int matchUnpadded = OfpConstants.MatchHeaderSize;
        foreach (var f in m.Match)
        {
            matchUnpadded += f.WireLength;
        }

        int matchPadded = (matchUnpadded + 7) & ~7;
        int length = OfpConstants.FlowModSize - OfpConstants.EmptyMatchSize + matchPadded + InstructionCodec.Length((IReadOnlyList<OfpInstruction>)m.Instructions);
        var b = new byte[length];
        new OfpHeader(OfpConstants.Version, OfpType.FlowMod, (ushort)length, m.Xid).Write(b);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), m.Cookie);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(16), m.CookieMask);
        b[24] = m.TableId;
        b[25] = (byte)m.Command;
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(26), m.IdleTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(28), m.HardTimeout);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(30), m.Priority);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(32), m.BufferId);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(36), m.OutPort);
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(40), m.OutGroup);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(44), (ushort)m.Flags);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(48), OxmCodec.MatchTypeOxm);
        BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(50), (ushort)matchUnpadded);
        int off = 48 + OfpConstants.MatchHeaderSize;
        foreach (var f in m.Match)
        {
            off += OxmCodec.Write(b.AsSpan(off), f);
        }

        InstructionCodec.Write(b.AsSpan(48 + matchPadded), (IReadOnlyList<OfpInstruction>)m.Instructions);
        return b;
    }

    [Fact]
    public void WriteTo_RandomFlowMods_SameBytesAsPerItemComposition()
    {
        OfpGen.Messages[nameof(FlowMod)].Sample(
            message =>
            {
                var mod = (FlowMod)message;
                byte[] expected = Reference(mod);
                Assert.Equal(expected.Length, mod.Length);

                // Into a dirty buffer, so that every pad byte must be written, not left from a fresh array.
                var dest = new byte[expected.Length + 16];
                Array.Fill(dest, (byte)0xee);
                Assert.Equal(expected.Length, mod.WriteTo(dest, mod.Length));
                Assert.Equal(expected, dest.AsSpan(0, expected.Length).ToArray());
                Assert.Equal(expected, mod.ToArray());
            },
            iter: Samples,
            print: m => $"{m} = {Hex.Format(m.ToArray())}");
    }

    [Fact]
    public void WriteTo_BenchShapesWithEveryInstructionKind_SameBytesAsPerItemComposition()
    {
        var mod = new FlowMod
        {
            Xid = 9,
            Cookie = 0x1_0000_0002,
            Priority = 102,
            Match = [OxmEntry.InPort(3), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0B00_0001)],
            Instructions =
            [
                OfpInstruction.ApplyActions(OfpAction.PushVlan(), OfpAction.SetVlanVid(7), OfpAction.Output(2)),
                new OfpInstruction(OfpInstructionType.ClearActions),
                OfpInstruction.WriteActions(OfpAction.Group(4)),
                OfpInstruction.GotoTable(3),
            ],
        };
        var dest = new byte[mod.Length];
        Array.Fill(dest, (byte)0xee);
        mod.WriteTo(dest, mod.Length);
        Assert.Equal(Reference(mod), dest);

        // An empty apply-actions instruction is 8 bytes with its length field saying so.
        mod.Instructions = [new OfpInstruction(OfpInstructionType.ApplyActions)];
        dest = new byte[mod.Length];
        Array.Fill(dest, (byte)0xee);
        mod.WriteTo(dest, mod.Length);
        Assert.Equal(Reference(mod), dest);
        Assert.Equal(8, BinaryPrimitives.ReadUInt16BigEndian(dest.AsSpan(dest.Length - 6)));
    }

    [Fact]
    public void WriteTo_GivenLengthOverLimit_ThrowsBeforeWriting()
    {
        var mod = new FlowMod();
        for (int i = 0; i < 9000; i++)
        {
            mod.Instructions.Add(OfpInstruction.GotoTable(1));
        }

        var dest = new byte[mod.Length];
        Assert.Throws<InvalidOperationException>(() => mod.WriteTo(dest, mod.Length));
        Assert.All(dest, b => Assert.Equal(0, b));
    }
}
