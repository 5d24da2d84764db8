using Microsoft.Data.Sqlite;
using SdnCtl.Control.Store;

namespace SdnCtl.Control.Tests.Store;

/// <summary>The SQLite store's flow log on a real file: migration from the row-per-flow schema, compaction, restart, damage.</summary>
public sealed class SqliteFlowLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sdnctl-flowlog-" + Guid.NewGuid().ToString("n"));

    private string File => Path.Combine(_directory, SqliteControllerStore.FileName);

    [Fact]
    public void Open_FileWithTheRowPerFlowSchema_MigratesEveryFlowDropsTheTableAndKeepsTheRest()
    {
        Directory.CreateDirectory(_directory);
        var old = Enumerable.Range(0, 40_000)
            .Select(i => new StoredFlow(i % 2 == 0 ? ulong.MaxValue : (ulong)(i % 7), BitConverter.GetBytes(i), [(byte)i, (byte)(i >> 8), 7]))
            .ToList();
        using (var connection = Open())
        {
            // What the store created before the flow log: one row per flow, keyed by (dpid, flow_key).
            Sql(connection, """
                PRAGMA journal_mode = WAL;
                CREATE TABLE api_keys (id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
                CREATE TABLE static_flows (dpid INTEGER NOT NULL, flow_key BLOB NOT NULL, flow_mod BLOB NOT NULL, PRIMARY KEY (dpid, flow_key));
                INSERT INTO api_keys VALUES ('k1', 'kept', 'admin', 'h1', '2026-01-01T00:00:00.0000000+00:00');
                """);
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO static_flows (dpid, flow_key, flow_mod) VALUES ($d, $k, $m)";
            SqliteParameter d = insert.Parameters.Add("$d", SqliteType.Integer), k = insert.Parameters.Add("$k", SqliteType.Blob), m = insert.Parameters.Add("$m", SqliteType.Blob);
            foreach (StoredFlow flow in old)
            {
                (d.Value, k.Value, m.Value) = (unchecked((long)flow.DatapathId), flow.Key, flow.FlowMod);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        using (var store = new SqliteControllerStore(_directory))
        {
            AssertFlows(old, store.ListFlows());
            Assert.Equal("kept", Assert.Single(store.ListApiKeys()).Name);
            store.ChangeFlows([new StoredFlow(3, [9, 9], [1])], [(old[0].DatapathId, old[0].Key)]);
        }

        using (var connection = Open())
        {
            Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'static_flows'"));
            Assert.Equal(4L, Scalar(connection, "SELECT COUNT(*) FROM flow_log")); // 3 snapshot records + the change
        }

        using var reopened = new SqliteControllerStore(_directory);
        AssertFlows([.. old.Skip(1), new StoredFlow(3, [9, 9], [1])], reopened.ListFlows());
    }

    [Fact]
    public void ChangeFlows_SameFlowsRewrittenManyTimes_CompactsTheLogAndReopenHasTheLastOfEach()
    {
        const int Rounds = 100;
        using (var store = new SqliteControllerStore(_directory))
        {
            for (int round = 0; round < Rounds; round++)
            {
                // 10 flows, each 10 times over in one change: the last of each wins.
                var flows = Enumerable.Range(0, 100).Select(n => new StoredFlow(1, [(byte)(n % 10)], BitConverter.GetBytes((round * 10) + (n / 10)))).ToList();
                store.ChangeFlows(flows, round % 2 == 0 ? [(1, [200])] : []);
            }
        }

        // 10,050 entries went in for 10 live flows: without compaction the log would hold 100 records;
        // with it, a snapshot and the records (100 or 101 entries each) written since, at most the slack's worth.
        using (var connection = Open())
        {
            Assert.InRange(Scalar(connection, "SELECT COUNT(*) FROM flow_log"), 1, 2 + (SqliteControllerStore.CompactionSlack / 100));
        }

        using var reopened = new SqliteControllerStore(_directory);
        AssertFlows([.. Enumerable.Range(0, 10).Select(i => new StoredFlow(1, [(byte)i], BitConverter.GetBytes((Rounds * 10) - 1)))], reopened.ListFlows());
    }

    [Fact]
    public void BeginChangeFlows_OpenWhileAnotherStoreOpens_IsNotInEffectUntilCommitted()
    {
        using var store = new SqliteControllerStore(_directory);
        store.ChangeFlows([new StoredFlow(1, [1], [1])], []);
        using IPendingFlowChange pending = store.BeginChangeFlows([new StoredFlow(1, [2], [2])], [(1, [1])]);

        using (var meanwhile = new SqliteControllerStore(_directory))
        {
            AssertFlows([new StoredFlow(1, [1], [1])], meanwhile.ListFlows());
        }

        AssertFlows([new StoredFlow(1, [1], [1])], store.ListFlows());
        pending.Commit();
        AssertFlows([new StoredFlow(1, [2], [2])], store.ListFlows());
        using var after = new SqliteControllerStore(_directory);
        AssertFlows([new StoredFlow(1, [2], [2])], after.ListFlows());
    }

    [Fact]
    public void BeginChangeFlows_NeverCommittedBeforeACrash_IsIgnoredOnReopenAndCompactionRemovesIt()
    {
        using (var store = new SqliteControllerStore(_directory))
        {
            store.ChangeFlows([new StoredFlow(1, [1], [1])], []);

            // The process dies with the change pending: neither committed nor disposed.
            _ = store.BeginChangeFlows([new StoredFlow(1, [2], [2])], [(1, [1])]);
        }

        using var reopened = new SqliteControllerStore(_directory);
        AssertFlows([new StoredFlow(1, [1], [1])], reopened.ListFlows());
        using (var connection = Open())
        {
            Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM flow_log WHERE seq NOT IN (SELECT seq FROM flow_commits)"));
        }

        // Enough replaced entries to compact: the same flow 5,000 times in one change.
        reopened.ChangeFlows([.. Enumerable.Range(0, 5_000).Select(i => new StoredFlow(1, [3], BitConverter.GetBytes(i)))], []);

        using (var connection = Open())
        {
            Assert.Equal(0L, Scalar(connection, "SELECT COUNT(*) FROM flow_log WHERE seq NOT IN (SELECT seq FROM flow_commits)"));
            Assert.Equal(1L, Scalar(connection, "SELECT COUNT(*) FROM flow_log"));
        }

        AssertFlows([new StoredFlow(1, [1], [1]), new StoredFlow(1, [3], BitConverter.GetBytes(4_999))], reopened.ListFlows());
    }

    [Fact]
    public void BeginChangeFlows_TenThousandFlowsAndRemovesCommitted_ReopenRestoresExactlyThem()
    {
        var first = Enumerable.Range(0, 10_000).Select(i => new StoredFlow((ulong)(i % 16) + 1, BitConverter.GetBytes(i * 7919), BitConverter.GetBytes(i))).ToList();
        var second = Enumerable.Range(10_000, 10_000).Select(i => new StoredFlow((ulong)(i % 16) + 1, BitConverter.GetBytes(i * 7919), BitConverter.GetBytes(i))).ToList();
        var removed = first.Where((_, i) => i % 3 == 0).Select(f => (f.DatapathId, f.Key)).ToList();
        using (var store = new SqliteControllerStore(_directory))
        {
            using (IPendingFlowChange change = store.BeginChangeFlows(first, []))
            {
                change.Commit();
            }

            using (IPendingFlowChange change = store.BeginChangeFlows(second, removed))
            {
                change.Commit();
            }

            // Begun and never committed: as a batch a switch refused.
            using (store.BeginChangeFlows([new StoredFlow(1, [1, 2, 3, 4, 5], [1])], [(second[0].DatapathId, second[0].Key)]))
            {
            }
        }

        using var reopened = new SqliteControllerStore(_directory);
        AssertFlows([.. first.Where((_, i) => i % 3 != 0), .. second], reopened.ListFlows());
    }

    [Fact]
    public void Open_DamagedFlowRecord_ThrowsNamingTheFileAndRow()
    {
        using (var store = new SqliteControllerStore(_directory))
        {
            store.ChangeFlows([new StoredFlow(1, [1], [1])], []);
            store.ChangeFlows([new StoredFlow(1, [2], [2])], []);
        }

        using (var connection = Open())
        {
            // The second record cut short inside its flow-mod.
            Sql(connection, "UPDATE flow_log SET body = substr(body, 1, length(body) - 1) WHERE seq = (SELECT MAX(seq) FROM flow_log)");
        }

        var e = Assert.Throws<InvalidDataException>(() => new SqliteControllerStore(_directory));
        Assert.Contains(File, e.Message, StringComparison.Ordinal);
        Assert.Contains("flow_log row 2", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static void AssertFlows(IEnumerable<StoredFlow> expected, IReadOnlyList<StoredFlow> actual)
    {
        static string Text(StoredFlow f) => $"{f.DatapathId:x16}/{Convert.ToHexString(f.Key)}={Convert.ToHexString(f.FlowMod)}";
        Assert.Equal(expected.Select(Text).Order(StringComparer.Ordinal), actual.Select(Text).Order(StringComparer.Ordinal));
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Sql(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
