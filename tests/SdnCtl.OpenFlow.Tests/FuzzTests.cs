using System.Buffers.Binary;
using CsCheck;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Tests.TestSupport;
using Xunit.Abstractions;

namespace SdnCtl.OpenFlow.Tests;

/// <summary>
/// Mutation fuzzing of the decoder: valid frames (golden fixtures and generated messages) are bit
/// flipped, have length fields edited, are truncated, concatenated, retyped and given random tails.
/// Each result must either decode — and then re-encode and decode again to the same message — or
/// fail with an <see cref="OfpProtocolException"/> of a defined type and code that an explicit check
/// raised (not the decoder's safety net). Runs a fixed seed and a fresh seed per run; a failure
/// names the seed (set OFP_FUZZ_SEED to replay it), the iteration and the frame.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int Iterations = 100_000;
    private const ulong FixedSeed = 0x0f13_2024;
    private const int GeneratedCorpus = 400;

    private static readonly Dictionary<OfpErrorType, Type> CodeEnums = new()
    {
        [OfpErrorType.HelloFailed] = typeof(HelloFailedCode),
        [OfpErrorType.BadRequest] = typeof(BadRequestCode),
        [OfpErrorType.BadAction] = typeof(BadActionCode),
        [OfpErrorType.BadInstruction] = typeof(BadInstructionCode),
        [OfpErrorType.BadMatch] = typeof(BadMatchCode),
        [OfpErrorType.FlowModFailed] = typeof(FlowModFailedCode),
        [OfpErrorType.GroupModFailed] = typeof(GroupModFailedCode),
        [OfpErrorType.PortModFailed] = typeof(PortModFailedCode),
        [OfpErrorType.TableModFailed] = typeof(TableModFailedCode),
        [OfpErrorType.QueueOpFailed] = typeof(QueueOpFailedCode),
        [OfpErrorType.SwitchConfigFailed] = typeof(SwitchConfigFailedCode),
        [OfpErrorType.RoleRequestFailed] = typeof(RoleRequestFailedCode),
        [OfpErrorType.MeterModFailed] = typeof(MeterModFailedCode),
        [OfpErrorType.TableFeaturesFailed] = typeof(TableFeaturesFailedCode),
    };

    [Fact]
    public void TryDecode_MutatedFramesFixedSeed_DecodeOrYieldProtocolError() => Run(FixedSeed);

    [Fact]
    public void TryDecode_MutatedFramesSeedPerRun_DecodeOrYieldProtocolError()
    {
        string? replay = Environment.GetEnvironmentVariable("OFP_FUZZ_SEED");
        ulong seed = replay is null ? (ulong)Random.Shared.NextInt64() : ulong.Parse(replay, System.Globalization.CultureInfo.InvariantCulture);
        Run(seed);
    }

    // Shared across iterations on purpose: decoding into them after failed decodes must still be exact.
    private readonly FlowMod _reusedFlowMod = new();
    private readonly PacketIn _reusedPacketIn = new();

    private void Run(ulong seed)
    {
        var corpus = BuildCorpus(seed);
        var rng = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        int decoded = 0;
        var errors = new Dictionary<(OfpErrorType, ushort), int>();
        for (int i = 0; i < Iterations; i++)
        {
            byte[] frame = Mutate(corpus, rng);
            string? failure = Check(frame, out var message, out var error) ?? CheckDecodeInto(frame, message, error);
            if (failure is not null)
            {
                Assert.Fail($"fuzz seed {seed} (OFP_FUZZ_SEED={seed}), iteration {i}: {failure}\nframe {Hex.Format(frame)}");
            }

            if (message is not null)
            {
                decoded++;
            }
            else
            {
                var key = (error!.ErrorType, error.Code);
                errors[key] = errors.GetValueOrDefault(key) + 1;
            }
        }

        output.WriteLine($"seed {seed}: {Iterations} frames, {decoded} decoded, {errors.Count} distinct errors");
        foreach (var ((type, code), n) in errors.OrderByDescending(e => e.Value).Take(15))
        {
            output.WriteLine($"  {type}/{code}: {n}");
        }

        // Mutations must exercise both outcomes, or the fuzzer tests nothing.
        Assert.InRange(decoded, Iterations / 50, Iterations - (Iterations / 50));
    }

    private static string? Check(byte[] frame, out OfpMessage? message, out OfpProtocolException? error)
    {
        message = null;
        error = null;
        try
        {
            if (!OfpCodec.TryDecode(frame, out message, out error))
            {
                if (error is null)
                {
                    return "TryDecode returned false without an error";
                }

                if (error.InnerException is { } inner)
                {
                    return $"error came from the safety net, not an explicit check: {inner}";
                }

                if (!CodeEnums.TryGetValue(error.ErrorType, out var codes) || !Enum.IsDefined(codes, error.Code))
                {
                    return $"undefined error {error.ErrorType}/{error.Code}: {error.Message}";
                }

                return null;
            }
        }
        catch (Exception e)
        {
            return $"TryDecode threw {e}";
        }

        try
        {
            byte[] again = message!.ToArray();
            var redecoded = OfpCodec.Decode(again);
            return redecoded.Equals(message) ? null : $"decode(encode({message})) = {redecoded}";
        }
        catch (Exception e)
        {
            return $"re-encoding or re-decoding {message} threw {e}";
        }
    }

    /// <summary>DecodeInto a reused FLOW_MOD / PACKET_IN must agree with Decode: same message or same error.</summary>
    private string? CheckDecodeInto(byte[] frame, OfpMessage? expected, OfpProtocolException? expectedError)
    {
        OfpMessage target;
        try
        {
            if (expected is FlowMod || (frame.Length > 1 && frame[1] == (byte)OfpType.FlowMod))
            {
                target = _reusedFlowMod;
                OfpCodec.DecodeInto(frame, _reusedFlowMod);
            }
            else if (expected is PacketIn || (frame.Length > 1 && frame[1] == (byte)OfpType.PacketIn))
            {
                target = _reusedPacketIn;
                OfpCodec.DecodeInto(frame, _reusedPacketIn);
            }
            else
            {
                return null;
            }
        }
        catch (OfpProtocolException e)
        {
            return expectedError is not null && e.ErrorType == expectedError.ErrorType && e.Code == expectedError.Code
                ? null
                : $"DecodeInto failed with {e.ErrorType}/{e.Code} where Decode gave {(object?)expected ?? $"{expectedError?.ErrorType}/{expectedError?.Code}"}";
        }
        catch (Exception e)
        {
            return $"DecodeInto threw {e}";
        }

        return target.Equals(expected) ? null : $"DecodeInto gave {target} where Decode gave {(object?)expected ?? expectedError?.Message}";
    }

    private static List<byte[]> BuildCorpus(ulong seed)
    {
        var corpus = GoldenFixtures.All.Select(f => Hex.Parse(f.Hex)).ToList();
        var pcg = new PCG(1, seed);
        var gens = OfpGen.Messages.Values.ToArray();
        for (int i = 0; i < GeneratedCorpus; i++)
        {
            corpus.Add(gens[i % gens.Length].Generate(pcg, null, out _).ToArray());
        }

        return corpus;
    }

    private static byte[] Mutate(List<byte[]> corpus, Random rng)
    {
        byte[] frame = (byte[])corpus[rng.Next(corpus.Count)].Clone();
        int rounds = 1 + (rng.Next(4) == 0 ? rng.Next(3) : 0);
        for (int r = 0; r < rounds; r++)
        {
            frame = rng.Next(10) switch
            {
                0 => FlipBits(frame, rng),
                1 => SetByte(frame, rng),
                2 => SetUInt16(frame, rng),
                3 => EditHeaderLength(frame, rng),
                4 => Truncate(frame, rng),
                5 => AppendTail(frame, rng),
                6 => Concatenate(frame, corpus[rng.Next(corpus.Count)], rng),
                7 => Retype(frame, rng),
                8 => RetypeMultipart(frame, rng),
                _ => SetVersion(frame, rng),
            };
        }

        return frame;
    }

    private static byte[] FlipBits(byte[] f, Random rng)
    {
        if (f.Length > 0)
        {
            for (int n = 1 + rng.Next(8); n > 0; n--)
            {
                f[rng.Next(f.Length)] ^= (byte)(1 << rng.Next(8));
            }
        }

        return f;
    }

    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x04, 0x07, 0x08, 0x7f, 0x80, 0xfe, 0xff];

    private static byte[] SetByte(byte[] f, Random rng)
    {
        if (f.Length > OfpConstants.HeaderSize)
        {
            f[rng.Next(OfpConstants.HeaderSize, f.Length)] = rng.Next(2) == 0 ? InterestingBytes[rng.Next(InterestingBytes.Length)] : (byte)rng.Next(256);
        }

        return f;
    }

    // Nested length fields (match, OXM, action, instruction, bucket, band, entry) are 16-bit.
    private static byte[] SetUInt16(byte[] f, Random rng)
    {
        if (f.Length >= OfpConstants.HeaderSize + 2)
        {
            int off = rng.Next(OfpConstants.HeaderSize, f.Length - 1);
            ushort current = BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(off));
            ushort value = rng.Next(4) switch
            {
                0 => (ushort)(current + rng.Next(-16, 17)),
                1 => (ushort)(rng.Next(2) == 0 ? 0 : 0xffff),
                2 => (ushort)(rng.Next(0, 9) * 4),
                _ => (ushort)rng.Next(65536),
            };
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(off), value);
        }

        return f;
    }

    private static byte[] EditHeaderLength(byte[] f, Random rng)
    {
        if (f.Length >= OfpConstants.HeaderSize)
        {
            int len = rng.Next(3) == 0 ? rng.Next(65536) : Math.Clamp(f.Length + rng.Next(-16, 17), 0, 65535);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(2), (ushort)len);
        }

        return f;
    }

    private static byte[] FixLength(byte[] f)
    {
        if (f.Length >= OfpConstants.HeaderSize && f.Length <= ushort.MaxValue)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(2), (ushort)f.Length);
        }

        return f;
    }

    private static byte[] Truncate(byte[] f, Random rng)
    {
        var cut = f[..rng.Next(f.Length + 1)];
        return rng.Next(4) == 0 ? cut : FixLength(cut);
    }

    private static byte[] AppendTail(byte[] f, Random rng)
    {
        var tail = new byte[1 + rng.Next(rng.Next(2) == 0 ? 8 : 72)];
        if (rng.Next(2) == 0)
        {
            rng.NextBytes(tail);
        }

        byte[] longer = [.. f, .. tail];
        return rng.Next(4) == 0 ? longer : FixLength(longer);
    }

    private static byte[] Concatenate(byte[] f, byte[] other, Random rng)
    {
        byte[] both = [.. f, .. other];
        return rng.Next(4) == 0 ? both : FixLength(both);
    }

    // Another message's body under this type: the decoders must not trust each other's layouts.
    private static byte[] Retype(byte[] f, Random rng)
    {
        if (f.Length >= 2)
        {
            f[1] = (byte)rng.Next(32);
        }

        return f;
    }

    private static byte[] RetypeMultipart(byte[] f, Random rng)
    {
        if (f.Length >= OfpConstants.MultipartHeaderSize)
        {
            f[1] = (byte)(rng.Next(2) == 0 ? OfpType.MultipartRequest : OfpType.MultipartReply);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(OfpConstants.HeaderSize), rng.Next(8) == 0 ? (ushort)0xffff : (ushort)rng.Next(16));
        }

        return f;
    }

    private static byte[] SetVersion(byte[] f, Random rng)
    {
        if (f.Length >= 1)
        {
            f[0] = rng.Next(4) == 0 ? (byte)rng.Next(256) : (byte)rng.Next(1, 7);
        }

        return f;
    }
}
