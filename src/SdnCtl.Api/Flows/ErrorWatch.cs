namespace SdnCtl.Api.Flows;

/// <summary>
/// Collects the errors a switch sends for a set of xids (the messages of one REST call), so the call
/// can report them instead of leaving them in the switch's unsolicited list. Dispose it when done.
/// </summary>
public sealed class ErrorWatch : IDisposable
{
    private readonly SwitchErrorLog _log;
    private readonly uint[] _xids;
    private readonly List<SwitchErrorRecord> _errors = [];
    private readonly Lock _gate = new();

    internal ErrorWatch(SwitchErrorLog log, ulong datapathId, uint[] xids)
    {
        _log = log;
        DatapathId = datapathId;
        _xids = xids;
    }

    /// <summary>The watched switch.</summary>
    public ulong DatapathId { get; }

    /// <summary>The errors caught so far.</summary>
    public IReadOnlyList<SwitchErrorRecord> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    internal bool TryClaim(SwitchErrorRecord error)
    {
        if (Array.BinarySearch(_xids, error.Xid) < 0)
        {
            return false;
        }

        lock (_gate)
        {
            _errors.Add(error);
        }

        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => _log.Unwatch(this);
}
