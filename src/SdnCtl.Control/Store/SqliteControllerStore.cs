using System.Globalization;
using Microsoft.Data.Sqlite;
using SdnCtl.Topology;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Store;

/// <summary>
/// The embedded store: one SQLite file (<c>sdnctl.db</c>) in the data directory. Every write is a
/// transaction committed with <c>synchronous=FULL</c> in WAL mode, so it is on disk when the call
/// returns and survives a kill -9. One connection, serialised by a gate: writes are rare next to
/// the network's traffic, and SQLite allows one writer anyway. The gate is a semaphore and a pending
/// flow change may be committed on another thread than the one that began it.
/// </summary>
/// <remarks>
/// <para>
/// Static flows are kept as a log: each change is one row of <c>flow_log</c> whose blob packs all its
/// removes and upserts (<see cref="FlowLogRecord"/>), and is in effect once a row of
/// <c>flow_commits</c> names it; their order there is the order they apply in. A row per flow cost
/// about 10 µs of CPU per flow (Microsoft.Data.Sqlite's per-statement work and a B-tree insert on a
/// random key), 100 ms for a REST batch of 10,000; one row per change costs a copy of its bytes.
/// </para>
/// <para>
/// A pending change (<see cref="BeginChangeFlows"/>) writes and syncs its record at once, while the
/// caller waits for its switches, and its commit is then one small row and a short sync: the
/// megabytes of a large batch are off the path between the switches' barrier replies and the answer.
/// A record nobody committed (a refused batch, a crash in between) is ignored and later removed.
/// </para>
/// <para>
/// Opening replays the committed records into memory, which then answers <see cref="ListFlows"/>; when
/// replaced and removed entries outnumber the live flows, the log is rewritten as a snapshot. The store
/// assumes it is the only writer of its file (one controller per data directory), as the flows in
/// memory would otherwise go stale.
/// </para>
/// </remarks>
public sealed class SqliteControllerStore : IControllerStore
{
    /// <summary>The database file's name in the data directory.</summary>
    public const string FileName = "sdnctl.db";

    // Entries per record when the live flows are written as a snapshot (migration, compaction).
    internal const int SnapshotRecordEntries = 16_384;

    // A pending change's record at least this large checkpoints the WAL right after it is written.
    private const int CheckpointAfterBytes = 256 * 1024;

    // Dead entries tolerated in the log beyond as many as there are live flows, before it is compacted.
    internal const int CompactionSlack = 4_096;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The committed static flows, replayed from the log at open; changed after each commit, with the
    // gate held, and read under the lock alone.
    private readonly Dictionary<(ulong DatapathId, byte[] Key), StoredFlow> _flows = new(FlowIdComparer.Instance);
    private readonly Lock _flowsLock = new();

    // Entries (live, replaced or removed) in the committed records; guarded by the gate.
    private long _logEntries;

    // The last record written before this store opened: any of them left uncommitted is garbage, while
    // a later one may be a pending change of ours (AUTOINCREMENT never hands out a number twice).
    private readonly long _seqAtOpen;

    // The log's statements, prepared once (the gate held).
    private SqliteCommand? _appendRecord;
    private SqliteCommand? _commitRecord;
    private int _disposed;

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidDataException">A flow record in the file is not one this version wrote.</exception>
    public SqliteControllerStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        try
        {
            Execute("""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS api_keys (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS flow_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, body BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS flow_commits (ord INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
                """);
            CreateTenantTables();
            Execute(IntentsSchema);
            Execute(AppliancesAndChainsSchema);
            MigrateStaticFlows();
            _seqAtOpen = LoadFlows();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }


    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public IReadOnlyList<StoredApiKey> ListApiKeys()
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, name, scope, hash, created FROM api_keys ORDER BY created, id";
            using var reader = command.ExecuteReader();
            var keys = new List<StoredApiKey>();
            while (reader.Read())
            {
                keys.Add(new StoredApiKey(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
            }

            return keys;
        }
    }

    /// <inheritdoc/>
    public void AddApiKey(StoredApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO api_keys (id, name, scope, hash, created) VALUES ($id, $name, $scope, $hash, $created)";
            command.Parameters.AddWithValue("$id", key.Id);
            command.Parameters.AddWithValue("$name", key.Name);
            command.Parameters.AddWithValue("$scope", key.Scope);
            command.Parameters.AddWithValue("$hash", key.Hash);
            command.Parameters.AddWithValue("$created", key.Created.ToString("O", CultureInfo.InvariantCulture));
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new InvalidOperationException($"an API key with id '{key.Id}' (or the same hash) exists", e);
            }
        }
    }

    /// <inheritdoc/>
    public bool RemoveApiKey(string id)
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM api_keys WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() > 0;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredFlow> ListFlows()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_flowsLock)
        {
            return [.. _flows.Values];
        }
    }

    /// <inheritdoc/>
    public void ChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        ArgumentNullException.ThrowIfNull(upsert);
        ArgumentNullException.ThrowIfNull(remove);
        if (upsert.Count == 0 && remove.Count == 0)
        {
            return;
        }

        byte[] record = FlowLogRecord.Encode(upsert, remove);
        using (Enter())
        {
            using (SqliteTransaction transaction = _connection.BeginTransaction())
            {
                MarkCommitted(Append(record, transaction), transaction);
                transaction.Commit();
            }

            Applied(upsert, remove);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The change's record is written and synced before this returns, but counts only once
    /// <see cref="IPendingFlowChange.Commit"/> names it in <c>flow_commits</c>; disposing without that
    /// deletes it. The store is not held in between: other store calls go on as usual.
    /// </remarks>
    public IPendingFlowChange BeginChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        ArgumentNullException.ThrowIfNull(upsert);
        ArgumentNullException.ThrowIfNull(remove);

        // Packed before taking the gate: nobody waits for the copying.
        byte[] record = FlowLogRecord.Encode(upsert, remove);
        using (Enter())
        {
            var change = new PendingChange(this, Append(record, transaction: null), upsert, remove);
            if (record.Length >= CheckpointAfterBytes)
            {
                // Copy the WAL into the database now, while the caller waits for its switches anyway,
                // rather than when the commit's small row crosses SQLite's automatic threshold.
                Execute("PRAGMA wal_checkpoint(PASSIVE)");
            }

            return change;
        }
    }

    // Writes a record (the gate held; in the caller's transaction, or in its own) and returns its number.
    private long Append(byte[] record, SqliteTransaction? transaction)
    {
        SqliteCommand append = _appendRecord ??= Prepare("INSERT INTO flow_log (body) VALUES ($body) RETURNING seq", ("$body", SqliteType.Blob));
        append.Transaction = transaction;
        append.Parameters[0].Value = record;
        try
        {
            return (long)append.ExecuteScalar()!;
        }
        finally
        {
            // SQLite copied the bytes; the command need not keep a batch's record alive.
            append.Parameters[0].Value = DBNull.Value;
        }
    }

    // Puts a written record in effect, after every record committed before it (the gate held).
    private void MarkCommitted(long seq, SqliteTransaction? transaction)
    {
        SqliteCommand commit = _commitRecord ??= Prepare("INSERT INTO flow_commits (seq) VALUES ($seq)", ("$seq", SqliteType.Integer));
        commit.Transaction = transaction;
        commit.Parameters[0].Value = seq;
        commit.ExecuteNonQuery();
    }

    private void CommitPending(long seq, IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        using (Enter())
        {
            // Its own transaction: a row of a few bytes, so the sync the caller waits for is short.
            MarkCommitted(seq, transaction: null);
            Applied(upsert, remove);
        }
    }

    private void DiscardPending(long seq)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            // As after a crash: the record is never replayed, and a later compaction removes it.
            return;
        }

        using (Enter())
        {
            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = "DELETE FROM flow_log WHERE seq = $seq";
                command.Parameters.AddWithValue("$seq", seq);
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // Left behind it is harmless: an uncommitted record is never replayed, and compaction removes it.
            }
        }
    }

    // A committed change reaches the flows in memory (the gate held), in the log's order: removes, then upserts.
    private void Applied(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        int live;
        lock (_flowsLock)
        {
            foreach (var id in remove)
            {
                _flows.Remove(id);
            }

            foreach (StoredFlow flow in upsert)
            {
                _flows[(flow.DatapathId, flow.Key)] = flow;
            }

            live = _flows.Count;
        }

        _logEntries += remove.Count + upsert.Count;
        if (_logEntries > (2L * live) + CompactionSlack)
        {
            Compact();
        }
    }

    // Rewrites the log as a snapshot of the live flows (the gate held), keeping only records of our
    // own pending changes besides. The change that led here is already committed, so a failure leaves
    // a longer log, not a lost change: it is tried again later.
    private void Compact()
    {
        List<StoredFlow> live;
        lock (_flowsLock)
        {
            live = [.. _flows.Values];
        }

        try
        {
            using SqliteTransaction transaction = _connection.BeginTransaction();
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM flow_log WHERE seq <= $open OR seq IN (SELECT seq FROM flow_commits); DELETE FROM flow_commits;";
                command.Parameters.AddWithValue("$open", _seqAtOpen);
                command.ExecuteNonQuery();
            }

            WriteSnapshot(transaction, live);
            transaction.Commit();
            _logEntries = live.Count;
        }
        catch (SqliteException)
        {
            // Left as it was (the transaction rolled back); the next change tries again.
        }
    }

    // Writes the flows as committed records of at most SnapshotRecordEntries each, in the caller's transaction.
    private void WriteSnapshot(SqliteTransaction transaction, List<StoredFlow> flows)
    {
        for (int first = 0; first < flows.Count; first += SnapshotRecordEntries)
        {
            byte[] record = FlowLogRecord.Encode(flows.GetRange(first, Math.Min(SnapshotRecordEntries, flows.Count - first)), []);
            MarkCommitted(Append(record, transaction), transaction);
        }
    }

    // A file written before the flow log kept one row per flow in static_flows: its rows become
    // snapshot records and the table goes, in one transaction, so a crash leaves one form or the other.
    private void MigrateStaticFlows()
    {
        using (var exists = _connection.CreateCommand())
        {
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'static_flows'";
            if (Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                return;
            }
        }

        using SqliteTransaction transaction = _connection.BeginTransaction();
        var flows = new List<StoredFlow>();
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT dpid, flow_key, flow_mod FROM static_flows ORDER BY dpid, flow_key";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                flows.Add(new StoredFlow(unchecked((ulong)reader.GetInt64(0)), (byte[])reader[1], (byte[])reader[2]));
            }
        }

        WriteSnapshot(transaction, flows);
        Execute("DROP TABLE static_flows");
        transaction.Commit();
    }

    // Replays the committed records in their order; returns the last record's number.
    private long LoadFlows()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT c.seq, l.body FROM flow_commits c LEFT JOIN flow_log l ON l.seq = c.seq ORDER BY c.ord";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                long seq = reader.GetInt64(0);
                try
                {
                    if (reader.IsDBNull(1))
                    {
                        throw new InvalidDataException("committed, but not there");
                    }

                    _logEntries += FlowLogRecord.Apply((byte[])reader[1], _flows);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{Path}: flow_log row {seq}: {e.Message}", e);
                }
            }
        }

        using var last = _connection.CreateCommand();
        last.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM flow_log";
        return (long)last.ExecuteScalar()!;
    }

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }

    private GateScope Enter()
    {
        _gate.Wait();
        return new GateScope(_gate);
    }

    /// <summary>Holds the gate for a <c>using</c> block.</summary>
    private readonly struct GateScope(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>A written, synced record waiting for its commit row; deleted when disposed first.</summary>
    private sealed class PendingChange(
        SqliteControllerStore store,
        long seq,
        IReadOnlyCollection<StoredFlow> upsert,
        IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove) : IPendingFlowChange
    {
        private int _done;

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(Interlocked.Exchange(ref _done, 1) != 0, this);
            store.CommitPending(seq, upsert, remove);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                store.DiscardPending(seq);
            }
        }
    }

    // ---- intents ----------------------------------------------------------------------------

    private const string IntentsSchema = """
        CREATE TABLE IF NOT EXISTS intents (
            id INTEGER PRIMARY KEY, tenant TEXT NULL, spec TEXT NOT NULL, created TEXT NOT NULL);
        """;

    /// <inheritdoc/>
    public IReadOnlyList<StoredIntent> ListIntents()
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT id, tenant, spec, created FROM intents ORDER BY id";
            using var reader = command.ExecuteReader();
            var intents = new List<StoredIntent>();
            while (reader.Read())
            {
                intents.Add(new StoredIntent(
                    reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
            }

            return intents;
        }
    }

    /// <inheritdoc/>
    public void PutIntent(StoredIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR REPLACE INTO intents (id, tenant, spec, created) VALUES ($id, $tenant, $spec, $created)";
            command.Parameters.AddWithValue("$id", intent.Id);
            command.Parameters.AddWithValue("$tenant", (object?)intent.Tenant ?? DBNull.Value);
            command.Parameters.AddWithValue("$spec", intent.Spec);
            command.Parameters.AddWithValue("$created", intent.Created.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc/>
    public bool RemoveIntent(long id)
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM intents WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() > 0;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using (Enter())
        {
            _appendRecord?.Dispose();
            _commitRecord?.Dispose();
            _connection.Dispose();
        }

        _gate.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // ---- Tenants (issue 8): one row per tenant, segment and member, positions keeping the API's order ----

    /// <inheritdoc/>
    public IReadOnlyList<TenantSpec> ListTenants()
    {
        using (Enter())
        {
            var tenants = new List<(string Name, TenantRateLimit? Limit, List<(string Name, SegmentSpec Segment)> Segments)>();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT name, rate_mbps, burst_kbits FROM tenants ORDER BY seq";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    TenantRateLimit? limit = reader.IsDBNull(1) ? null : new TenantRateLimit((uint)reader.GetInt64(1), (uint)reader.GetInt64(2));
                    tenants.Add((reader.GetString(0), limit, []));
                }
            }

            var members = new Dictionary<(string, string), List<MemberSpec>>();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT tenant, segment, kind, value FROM tenant_members ORDER BY tenant, segment, position";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var key = (reader.GetString(0), reader.GetString(1));
                    if (!members.TryGetValue(key, out var list))
                    {
                        members[key] = list = [];
                    }

                    list.Add(ReadMember(reader.GetString(2), reader.GetString(3)));
                }
            }

            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT tenant, name, kind, id, subnet, priority FROM tenant_segments ORDER BY tenant, position";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    string tenant = reader.GetString(0);
                    string name = reader.GetString(1);
                    Ipv4Prefix? subnet = null;
                    if (!reader.IsDBNull(4))
                    {
                        subnet = Ipv4Prefix.TryParse(reader.GetString(4), out Ipv4Prefix parsed, out string? problem)
                            ? parsed
                            : throw new InvalidDataException($"{Path}: segment '{name}' of tenant '{tenant}': {problem}");
                    }

                    var segment = new SegmentSpec(
                        name,
                        Enum.Parse<SegmentKind>(reader.GetString(2)),
                        (uint)reader.GetInt64(3),
                        subnet,
                        (byte)reader.GetInt64(5),
                        members.TryGetValue((tenant, name), out var list) ? list : []);
                    tenants.Find(t => t.Name == tenant).Segments?.Add((name, segment));
                }
            }

            return [.. tenants.Select(t => new TenantSpec(t.Name, [.. t.Segments.Select(s => s.Segment)]) { RateLimit = t.Limit })];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDeletedTenants()
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name FROM deleted_tenants ORDER BY name";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }

    /// <inheritdoc/>
    public void SaveTenant(TenantSpec tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        using (Enter())
        {
            using var transaction = _connection.BeginTransaction();
            ClearTenant(tenant.Name);
            Run("INSERT INTO tenants (name, seq) VALUES ($name, (SELECT COALESCE(MAX(seq), 0) + 1 FROM tenants)) ON CONFLICT (name) DO NOTHING", ("$name", tenant.Name));
            Run(
                "UPDATE tenants SET rate_mbps = $rate, burst_kbits = $burst WHERE name = $name",
                ("$name", tenant.Name),
                ("$rate", tenant.RateLimit is { } limit ? (long)limit.RateMbps : DBNull.Value),
                ("$burst", tenant.RateLimit is { } b ? (long)b.BurstKbits : DBNull.Value));
            Run("DELETE FROM deleted_tenants WHERE name = $name", ("$name", tenant.Name));
            for (int i = 0; i < tenant.Segments.Count; i++)
            {
                SegmentSpec s = tenant.Segments[i];
                Run(
                    "INSERT INTO tenant_segments (tenant, name, position, kind, id, subnet, priority) VALUES ($tenant, $name, $position, $kind, $id, $subnet, $priority)",
                    ("$tenant", tenant.Name), ("$name", s.Name), ("$position", i), ("$kind", s.Kind.ToString()), ("$id", (long)s.Id),
                    ("$subnet", s.Subnet?.ToString() ?? (object)DBNull.Value), ("$priority", (int)s.Priority));
                for (int j = 0; j < s.Members.Count; j++)
                {
                    Run(
                        "INSERT INTO tenant_members (tenant, segment, position, kind, value) VALUES ($tenant, $segment, $position, $kind, $value)",
                        ("$tenant", tenant.Name), ("$segment", s.Name), ("$position", j), ("$kind", s.Members[j].Kind.ToString()), ("$value", s.Members[j].Value));
                }
            }

            transaction.Commit();
        }
    }

    /// <inheritdoc/>
    public void DeleteTenant(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using (Enter())
        {
            using var transaction = _connection.BeginTransaction();
            ClearTenant(name);
            Run("DELETE FROM tenants WHERE name = $name", ("$name", name));
            Run("INSERT OR IGNORE INTO deleted_tenants (name) VALUES ($name)", ("$name", name));
            transaction.Commit();
        }
    }

    private void CreateTenantTables() => Execute("""
        CREATE TABLE IF NOT EXISTS tenants (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, rate_mbps INTEGER NULL, burst_kbits INTEGER NULL);
        CREATE TABLE IF NOT EXISTS tenant_segments (
            tenant TEXT NOT NULL, name TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL,
            id INTEGER NOT NULL, subnet TEXT, priority INTEGER NOT NULL, PRIMARY KEY (tenant, name));
        CREATE TABLE IF NOT EXISTS tenant_members (
            tenant TEXT NOT NULL, segment TEXT NOT NULL, position INTEGER NOT NULL, kind TEXT NOT NULL,
            value TEXT NOT NULL, PRIMARY KEY (tenant, segment, position));
        CREATE TABLE IF NOT EXISTS deleted_tenants (name TEXT PRIMARY KEY);
        """);

    private void ClearTenant(string name)
    {
        Run("DELETE FROM tenant_members WHERE tenant = $name", ("$name", name));
        Run("DELETE FROM tenant_segments WHERE tenant = $name", ("$name", name));
    }

    private void Run(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private MemberSpec ReadMember(string kind, string value)
    {
        switch (Enum.Parse<MemberKind>(kind))
        {
            case MemberKind.Port when PortRef.TryParse(value, out PortRef port):
                return MemberSpec.ForPort(port);
            case MemberKind.Mac when MacFormat.TryParse(value, out ulong mac):
                return MemberSpec.ForMac(mac);
            case MemberKind.Subnet when Ipv4Prefix.TryParse(value, out Ipv4Prefix subnet, out _):
                return MemberSpec.ForSubnet(subnet);
            default:
                throw new InvalidDataException($"{Path}: '{value}' is not a {kind} member");
        }
    }

    // ---- Appliances and chains (issue 8): one row each, the spec as JSON; seq keeps the first-saved order ----

    private const string AppliancesAndChainsSchema = """
        CREATE TABLE IF NOT EXISTS appliances (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, tenant TEXT NULL, spec TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS deleted_appliances (name TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS chains (name TEXT PRIMARY KEY, seq INTEGER NOT NULL, tenant TEXT NULL, spec TEXT NOT NULL, created TEXT NOT NULL);
        """;

    /// <inheritdoc/>
    public IReadOnlyList<StoredAppliance> ListAppliances()
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name, tenant, spec FROM appliances ORDER BY seq";
            using var reader = command.ExecuteReader();
            var appliances = new List<StoredAppliance>();
            while (reader.Read())
            {
                appliances.Add(new StoredAppliance(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2)));
            }

            return appliances;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDeletedAppliances()
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name FROM deleted_appliances ORDER BY name";
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }

    /// <inheritdoc/>
    public void SaveAppliance(StoredAppliance appliance)
    {
        ArgumentNullException.ThrowIfNull(appliance);
        using (Enter())
        {
            using var transaction = _connection.BeginTransaction();
            Run(
                "INSERT INTO appliances (name, seq, tenant, spec) VALUES ($name, (SELECT COALESCE(MAX(seq), 0) + 1 FROM appliances), $tenant, $spec) " +
                "ON CONFLICT (name) DO UPDATE SET tenant = excluded.tenant, spec = excluded.spec",
                ("$name", appliance.Name), ("$tenant", (object?)appliance.Tenant ?? DBNull.Value), ("$spec", appliance.Spec));
            Run("DELETE FROM deleted_appliances WHERE name = $name", ("$name", appliance.Name));
            transaction.Commit();
        }
    }

    /// <inheritdoc/>
    public void DeleteAppliance(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using (Enter())
        {
            using var transaction = _connection.BeginTransaction();
            Run("DELETE FROM appliances WHERE name = $name", ("$name", name));
            Run("INSERT OR IGNORE INTO deleted_appliances (name) VALUES ($name)", ("$name", name));
            transaction.Commit();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredChain> ListChains()
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT name, tenant, spec, created FROM chains ORDER BY seq";
            using var reader = command.ExecuteReader();
            var chains = new List<StoredChain>();
            while (reader.Read())
            {
                chains.Add(new StoredChain(
                    reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
            }

            return chains;
        }
    }

    /// <inheritdoc/>
    public void PutChain(StoredChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        using (Enter())
        {
            Run(
                "INSERT INTO chains (name, seq, tenant, spec, created) VALUES ($name, (SELECT COALESCE(MAX(seq), 0) + 1 FROM chains), $tenant, $spec, $created) " +
                "ON CONFLICT (name) DO UPDATE SET tenant = excluded.tenant, spec = excluded.spec, created = excluded.created",
                ("$name", chain.Name), ("$tenant", (object?)chain.Tenant ?? DBNull.Value), ("$spec", chain.Spec),
                ("$created", chain.Created.ToString("O", CultureInfo.InvariantCulture)));
        }
    }

    /// <inheritdoc/>
    public bool RemoveChain(string name)
    {
        using (Enter())
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM chains WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            return command.ExecuteNonQuery() > 0;
        }
    }
}
