using SdnCtl.Control.Store;

namespace SdnCtl.Control.Tests.Store;

public sealed class FlowLogRecordTests
{
    [Fact]
    public void Apply_EncodedChange_RemovesThenUpsertsInOrder()
    {
        var flows = new Dictionary<(ulong, byte[]), StoredFlow>(FlowIdComparer.Instance)
        {
            [(7, [1])] = new StoredFlow(7, [1], [10]),
            [(7, [2])] = new StoredFlow(7, [2], [20]),
        };

        byte[] record = FlowLogRecord.Encode(
            [new StoredFlow(ulong.MaxValue, [], [1, 2, 3]), new StoredFlow(7, [1], [11]), new StoredFlow(7, [1], [12])],
            [(7, [1]), (7, [2])]);

        Assert.Equal(5, FlowLogRecord.Apply(record, flows));
        Assert.Equal([12], flows[(7, [1])].FlowMod);
        Assert.False(flows.ContainsKey((7, [2])));
        Assert.Equal([1, 2, 3], flows[(ulong.MaxValue, [])].FlowMod);
        Assert.Equal(2, flows.Count);
    }

    [Fact]
    public void Apply_EveryTruncation_ThrowsInvalidData()
    {
        byte[] record = FlowLogRecord.Encode([new StoredFlow(1, [1, 2], [3, 4, 5])], [(2, [6])]);

        // Every cut that ends inside an entry: cutting after the format byte or after the first entry
        // leaves a valid record (of nothing, of one remove).
        const int FirstEntryEnd = 1 + 13 + 1;
        for (int length = 0; length < record.Length; length++)
        {
            if (length is not 1 and not FirstEntryEnd)
            {
                var flows = new Dictionary<(ulong, byte[]), StoredFlow>(FlowIdComparer.Instance);
                Assert.Throws<InvalidDataException>(() => FlowLogRecord.Apply(record.AsSpan(0, length), flows));
            }
        }
    }

    [Theory]
    [InlineData(0, 2)] // format byte
    [InlineData(1, 9)] // kind
    public void Apply_UnknownFormatOrKind_ThrowsInvalidData(int offset, byte value)
    {
        byte[] record = FlowLogRecord.Encode([new StoredFlow(1, [1], [1])], []);
        record[offset] = value;

        Assert.Throws<InvalidDataException>(() => FlowLogRecord.Apply(record, new Dictionary<(ulong, byte[]), StoredFlow>(FlowIdComparer.Instance)));
    }

    [Fact]
    public void Apply_LengthBeyondTheRecord_ThrowsInvalidData()
    {
        byte[] record = FlowLogRecord.Encode([new StoredFlow(1, [1], [1])], []);
        record[10] = 0xff; // the key's length, low byte

        Assert.Throws<InvalidDataException>(() => FlowLogRecord.Apply(record, new Dictionary<(ulong, byte[]), StoredFlow>(FlowIdComparer.Instance)));
    }
}
