using SdnCtl.DataPlane.Pipeline;
using SdnCtl.DataPlane.Switch;
using SdnCtl.DataPlane.Tests.Support;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;
using Xunit.Abstractions;

namespace SdnCtl.DataPlane.Tests.Switch;

/// <summary>
/// FLOW_MOD ADDs applied straight from the wire (<see cref="SwitchPipeline.TryAddFlowFromWire"/>) against
/// the decoder as the oracle: two switches get the same bytes, one with the fast path and one without,
/// and must answer with the same messages and end with the same tables.
/// </summary>
public sealed class WireAddTests(ITestOutputHelper output)
{
    private const int Tables = 4;

    [Fact]
    public void HandleMessage_RandomFlowMods_SameRepliesAndTablesAsTheDecoder()
    {
        var random = new Random(7);
        var (fast, oracle) = Pair();
        for (int i = 0; i < 4000; i++)
        {
            if (i == 1500)
            {
                // Cached instruction sets that name the group must be checked again, not trusted.
                Both(fast, oracle, new GroupMod { Command = GroupModCommand.Delete, GroupId = 1 });
            }
            else if (i == 2500)
            {
                Both(fast, oracle, Flows.Group(1, GroupType.All, OfpBucket.Of(OfpAction.Output(3))));
                Both(fast, oracle, new MeterMod { Command = MeterModCommand.Delete, MeterId = 1 });
            }

            var mod = RandomFlowMod(random);
            mod.Xid = (uint)(1000 + i);
            Both(fast, oracle, mod.ToArray());
        }

        AssertSame(fast, oracle);
        Assert.InRange(fast.Switch.Pipeline.FlowCount, 500, 4000);
    }

    [Fact]
    public void HandleMessage_CorruptedFlowMods_SameErrorsAndTablesAsTheDecoder()
    {
        var random = new Random(11);
        var (fast, oracle) = Pair();
        for (int i = 0; i < 6000; i++)
        {
            var mod = RandomFlowMod(random);
            mod.Xid = (uint)(1000 + i);
            byte[] frame = mod.ToArray();
            int flips = 1 + random.Next(3);
            for (int k = 0; k < flips; k++)
            {
                // Mostly the match and the instructions; sometimes the fixed part or the header's length.
                int at = random.Next(4) == 0 ? 2 + random.Next(46) : 48 + random.Next(frame.Length - 48);
                frame[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(frame[at] ^ (1 << random.Next(8)));
            }

            Both(fast, oracle, frame);
        }

        AssertSame(fast, oracle);
        int errors = fast.Controller.OfType<ErrorMessage>().Count;
        output.WriteLine($"{errors} errors, {fast.Switch.Pipeline.FlowCount} flows");
        Assert.InRange(errors, 1000, 5999);
    }

    [Fact]
    public void HandleMessage_AddFromSlave_RefusedWithIsSlaveAndNotInstalled()
    {
        var h = new SwitchHarness();
        h.Send(new RoleRequest { Role = ControllerRole.Slave, GenerationId = 1 });
        h.Controller.Clear();

        uint xid = h.Send(new FlowMod { Match = [OxmEntry.InPort(1)], Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))] });

        var error = h.Single<ErrorMessage>();
        Assert.Equal((OfpErrorType.BadRequest, (ushort)BadRequestCode.IsSlave, xid), (error.ErrorType, error.Code, error.Xid));
        Assert.Equal(0, h.Switch.Pipeline.FlowCount);
    }

    [Fact]
    public void TryAddFlowFromWire_BenchLikeAdds_TakesTheFastPath()
    {
        var pipeline = new SwitchPipeline(new PipelineOptions { TableCount = 2 });
        var mods = new[]
        {
            new FlowMod { Match = [OxmEntry.InPort(1), OxmEntry.EthDst(0x0200_0000_0001UL)], Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))] },
            new FlowMod
            {
                TableId = 1,
                Match = [OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0A01_0200u, 24), OxmEntry.IpProto(6), OxmEntry.TcpDst(1024)],
                Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(3))],
            },
            new FlowMod
            {
                Match = [OxmEntry.InPort(2), OxmEntry.EthType(0x0800), OxmEntry.Ipv4Dst(0x0B00_0001u)],
                Instructions = [OfpInstruction.ApplyActions(OfpAction.PushVlan(), OfpAction.SetVlanVid(7), OfpAction.Output(1))],
            },
        };

        foreach (var mod in mods)
        {
            Assert.True(pipeline.TryAddFlowFromWire(mod.ToArray(), out var error));
            Assert.Null(error);
            var entry = Assert.Single(pipeline.Tables[mod.TableId].Entries, e => e.Match == new FlowMatch([.. mod.Match]));
            Assert.Equal(mod.Instructions, entry.Instructions);
        }

        // Not an ADD, and an ADD with a buffer id: the decoder's path, untouched.
        var delete = new FlowMod { Command = FlowModCommand.Delete, TableId = OfpConstants.TableAll };
        Assert.False(pipeline.TryAddFlowFromWire(delete.ToArray(), out _));
        var buffered = new FlowMod { BufferId = 5, Match = [OxmEntry.InPort(3)] };
        Assert.False(pipeline.TryAddFlowFromWire(buffered.ToArray(), out _));
        Assert.Equal(3, pipeline.FlowCount);
    }

    [Fact]
    public void TryAddFlowFromWire_Overlap_RefusedAsApplyFlowModRefusesIt()
    {
        var pipeline = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        var first = new FlowMod { Priority = 5, Match = [OxmEntry.InPort(1)], Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))] };
        var second = new FlowMod { Priority = 5, Flags = FlowModFlags.CheckOverlap, Match = [OxmEntry.EthDst(1)], Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))] };
        Assert.True(pipeline.TryAddFlowFromWire(first.ToArray(), out _));

        Assert.True(pipeline.TryAddFlowFromWire(second.ToArray(), out var error));

        Assert.Equal(pipeline.ApplyFlowMod(second), error);
        Assert.Equal((ushort)FlowModFailedCode.Overlap, error!.Value.Code);
        Assert.Equal(1, pipeline.FlowCount);
    }

    [Fact]
    public void TryAddFlowFromWire_RepeatedInstructions_AllocatesOnlyTheTableStorage()
    {
        const int flows = 24_576; // whole record and key pages, as InstallAllocationTests
        var frames = new byte[flows][];
        for (int i = 0; i < flows; i++)
        {
            frames[i] = new FlowMod
            {
                Cookie = (ulong)i,
                Priority = 100,
                Match = [OxmEntry.InPort((uint)(1 + (i % 4))), OxmEntry.EthDst(0x0200_0000_0000UL | (uint)i)],
                Instructions = [OfpInstruction.ApplyActions(OfpAction.Output(2))],
            }.ToArray();
        }

        var warm = new SwitchPipeline(new PipelineOptions { TableCount = 1 });
        Assert.True(warm.TryAddFlowFromWire(frames[0], out _));
        var pipeline = new SwitchPipeline(new PipelineOptions { TableCount = 1, MaxEntriesPerTable = flows });

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var frame in frames)
        {
            Assert.True(pipeline.TryAddFlowFromWire(frame, out var error));
            Assert.Null(error);
        }

        long perFlow = (GC.GetAllocatedBytesForCurrentThread() - before) / flows;
        output.WriteLine($"{perFlow} B per flow");
        Assert.Equal(flows, pipeline.FlowCount);
        // The decoder's path measures 176 B for the same flows (InstallAllocationTests): the table's storage.
        Assert.InRange(perFlow, 1, 180);
    }

    private static (SwitchHarness Fast, SwitchHarness Oracle) Pair()
    {
        var options = new SwitchOptions { DatapathId = 0xabc, Pipeline = new PipelineOptions { TableCount = Tables, MaxEntriesPerTable = 3000 } };
        var fast = new SwitchHarness(options);
        var oracle = new SwitchHarness(options);
        oracle.Switch.AddsFromWire = false;
        Both(fast, oracle, Flows.Group(1, GroupType.All, OfpBucket.Of(OfpAction.Output(2))));
        Both(fast, oracle, new MeterMod { Command = MeterModCommand.Add, MeterId = 1, Flags = MeterFlags.Pktps, Bands = [OfpMeterBand.Drop(rate: 10, burstSize: 0)] });
        fast.Controller.Clear();
        oracle.Controller.Clear();
        return (fast, oracle);
    }

    private static void Both(SwitchHarness fast, SwitchHarness oracle, OfpMessage message)
    {
        message.Xid = 1;
        Both(fast, oracle, message.ToArray());
    }

    private static void Both(SwitchHarness fast, SwitchHarness oracle, byte[] frame)
    {
        fast.SendBytes(frame);
        oracle.SendBytes(frame);
    }

    private static void AssertSame(SwitchHarness fast, SwitchHarness oracle)
    {
        Assert.Equal(oracle.Controller.Received.Select(m => Convert.ToHexString(m.ToArray())), fast.Controller.Received.Select(m => Convert.ToHexString(m.ToArray())));
        for (int t = 0; t < Tables; t++)
        {
            Assert.Equal(Describe(oracle.Switch.Pipeline.Tables[t]), Describe(fast.Switch.Pipeline.Tables[t]));
        }
    }

    // Every entry exactly: match as reported (wire bytes, so an explicit mask shows), whether it was kept
    // as given, priority, cookie, timeouts, flags and the instructions' wire bytes.
    private static List<string> Describe(FlowTable table)
    {
        var lines = new List<string>();
        foreach (var e in table.Entries)
        {
            var fields = e.Match.Fields.ToArray();
            var match = new byte[OxmCodec.MatchLength(fields)];
            OxmCodec.WriteMatch(match, fields);
            var instructions = new byte[InstructionCodec.Length(e.Instructions)];
            InstructionCodec.Write(instructions, e.Instructions);
            lines.Add($"{e.Priority} {Convert.ToHexString(match)} kept={e.Match.ExactFields is not null} cookie={e.Cookie} " +
                $"{e.IdleTimeout}/{e.HardTimeout} {e.Flags} {e.PacketCount} {Convert.ToHexString(instructions)}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static FlowMod RandomFlowMod(Random random)
    {
        var mod = new FlowMod
        {
            Command = random.Next(10) switch
            {
                0 => FlowModCommand.DeleteStrict,
                1 => FlowModCommand.ModifyStrict,
                _ => FlowModCommand.Add,
            },
            TableId = (byte)(random.Next(40) == 0 ? 9 : random.Next(Tables)),
            Priority = (ushort)(100 + random.Next(3)),
            Cookie = (ulong)random.Next(1000),
            CookieMask = ulong.MaxValue,
            IdleTimeout = (ushort)random.Next(3),
            HardTimeout = (ushort)random.Next(2),
            Flags = random.Next(6) switch
            {
                0 => FlowModFlags.SendFlowRem,
                1 => FlowModFlags.CheckOverlap,
                2 => FlowModFlags.ResetCounts,
                _ => 0,
            },
            BufferId = random.Next(60) == 0 ? 5u : OfpConstants.NoBuffer,
        };
        RandomMatch(random, mod.Match);
        RandomInstructions(random, mod.TableId, mod.Instructions);
        return mod;
    }

    // Few distinct values, so that identical matches (replacements) and overlaps happen.
    private static void RandomMatch(Random random, List<OxmEntry> match)
    {
        switch (random.Next(9))
        {
            case 0:
                match.Add(OxmEntry.InPort((uint)random.Next(6)));
                match.Add(OxmEntry.EthDst((ulong)random.Next(64)));
                break;
            case 1:
                ulong mask = random.Next(2) == 0 ? 0xffff_ffff_ff00UL : 0xffff_ffff_ffffUL;
                match.Add(new OxmEntry(OxmFieldId.EthDst, (ulong)random.Next(64) << 8 & mask, mask, true));
                break;
            case 2:
                match.Add(OxmEntry.EthType(0x0800));
                match.Add(OxmEntry.Ipv4Dst(0x0A00_0000u | ((uint)random.Next(32) << 8), random.Next(2) == 0 ? 24 : 32));
                match.Add(OxmEntry.IpProto(6));
                match.Add(OxmEntry.TcpDst((ushort)(1024 + random.Next(8))));
                break;
            case 3:
                // tcp_dst without ip_proto: OFPBMC_BAD_PREREQ.
                match.Add(OxmEntry.EthType(0x0800));
                match.Add(OxmEntry.TcpDst((ushort)random.Next(8)));
                break;
            case 4:
                match.Add(OxmEntry.VlanVid((ushort)random.Next(16)));
                match.Add(OxmEntry.VlanPcp((byte)random.Next(8)));
                break;
            case 5:
                match.Add(OxmEntry.EthType(0x86dd));
                match.Add(new OxmEntry(OxmFieldId.Ipv6Src, new UInt128(0x2001_0db8_0000_0000UL | (uint)random.Next(16), 0), new UInt128(ulong.MaxValue, 0), true));
                match.Add(OxmEntry.Create(OxmFieldId.Ipv6Dst, new UInt128(0xfe80UL << 48, (ulong)random.Next(16))));
                break;
            case 6:
                match.Add(OxmEntry.Metadata((ulong)random.Next(16), 0xff));
                match.Add(OxmEntry.InPort(OfpPortNo.Local));
                break;
            case 7:
                match.Add(OxmEntry.EthType(0x0806));
                match.Add(OxmEntry.Create(OxmFieldId.ArpSpa, (uint)random.Next(16)));
                match.Add(OxmEntry.Create(OxmFieldId.ArpOp, 1));
                break;
            default:
                break; // the empty match
        }
    }

    private static void RandomInstructions(Random random, byte tableId, List<OfpInstruction> instructions)
    {
        uint port = (uint)(1 + random.Next(4));
        switch (random.Next(8))
        {
            case 0:
                instructions.Add(OfpInstruction.ApplyActions(OfpAction.Output(port)));
                break;
            case 1:
                instructions.Add(OfpInstruction.ApplyActions(OfpAction.PushVlan(), OfpAction.SetVlanVid((ushort)(1 + random.Next(20))), OfpAction.Output(port)));
                break;
            case 2:
                instructions.Add(OfpInstruction.ApplyActions(OfpAction.Group((uint)(1 + random.Next(2)))));
                break;
            case 3:
                instructions.Add(OfpInstruction.Meter((uint)(1 + random.Next(2))));
                instructions.Add(OfpInstruction.ApplyActions(OfpAction.Output(port)));
                break;
            case 4:
                instructions.Add(OfpInstruction.WriteMetadata((ulong)random.Next(4), 0xff));
                instructions.Add(OfpInstruction.GotoTable((byte)random.Next(Tables + 1)));
                break;
            case 5:
                instructions.Add(OfpInstruction.ClearActions());
                instructions.Add(OfpInstruction.WriteActions(OfpAction.SetField(OxmEntry.EthSrc((ulong)random.Next(4))), OfpAction.Output(port)));
                break;
            case 6:
                // Output to TABLE is for packet-outs only: OFPBAC_BAD_OUT_PORT in a flow.
                instructions.Add(OfpInstruction.ApplyActions(OfpAction.Output(random.Next(3) == 0 ? OfpPortNo.Table : port)));
                instructions.Add(OfpInstruction.GotoTable((byte)Math.Min(tableId + 1, Tables - 1)));
                break;
            default:
                break; // drop
        }
    }
}
