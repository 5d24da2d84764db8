using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SdnCtl.Control.Store;

/// <summary>
/// The embedded store: one SQLite file (<c>sdnctl.db</c>) in the data directory. Every write is a
/// transaction committed with <c>synchronous=FULL</c> in WAL mode, so it is on disk when the call
/// returns and survives a kill -9. One connection, serialised by a lock: writes are rare next to
/// the network's traffic, and SQLite allows one writer anyway.
/// </summary>
public sealed class SqliteControllerStore : IControllerStore
{
    /// <summary>The database file's name in the data directory.</summary>
    public const string FileName = "sdnctl.db";

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if needed) the store in <paramref name="directory"/>.</summary>
    public SqliteControllerStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, FileName);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS api_keys (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, scope TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS static_flows (
                dpid INTEGER NOT NULL, flow_key BLOB NOT NULL, flow_mod BLOB NOT NULL, PRIMARY KEY (dpid, flow_key));
            """);
        Execute(IntentsSchema);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public IReadOnlyList<StoredApiKey> ListApiKeys()
    {
        lock (_gate)
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
        lock (_gate)
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
        lock (_gate)
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
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT dpid, flow_key, flow_mod FROM static_flows ORDER BY dpid, flow_key";
            using var reader = command.ExecuteReader();
            var flows = new List<StoredFlow>();
            while (reader.Read())
            {
                flows.Add(new StoredFlow(unchecked((ulong)reader.GetInt64(0)), (byte[])reader[1], (byte[])reader[2]));
            }

            return flows;
        }
    }

    /// <inheritdoc/>
    public void ChangeFlows(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        ArgumentNullException.ThrowIfNull(upsert);
        ArgumentNullException.ThrowIfNull(remove);
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var delete = _connection.CreateCommand())
            {
                delete.CommandText = "DELETE FROM static_flows WHERE dpid = $dpid AND flow_key = $key";
                var dpid = delete.Parameters.Add("$dpid", SqliteType.Integer);
                var key = delete.Parameters.Add("$key", SqliteType.Blob);
                foreach (var (d, k) in remove)
                {
                    dpid.Value = unchecked((long)d);
                    key.Value = k;
                    delete.ExecuteNonQuery();
                }
            }

            using (var insert = _connection.CreateCommand())
            {
                insert.CommandText = "INSERT OR REPLACE INTO static_flows (dpid, flow_key, flow_mod) VALUES ($dpid, $key, $mod)";
                var dpid = insert.Parameters.Add("$dpid", SqliteType.Integer);
                var key = insert.Parameters.Add("$key", SqliteType.Blob);
                var mod = insert.Parameters.Add("$mod", SqliteType.Blob);
                foreach (StoredFlow flow in upsert)
                {
                    dpid.Value = unchecked((long)flow.DatapathId);
                    key.Value = flow.Key;
                    mod.Value = flow.FlowMod;
                    insert.ExecuteNonQuery();
                }
            }

            transaction.Commit();
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
        lock (_gate)
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
        lock (_gate)
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
        lock (_gate)
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
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
