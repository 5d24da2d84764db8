namespace SdnCtl.Southbound.Sessions;

/// <summary>A pending request whose caller awaits a <typeparamref name="TResult"/>.</summary>
internal abstract class PendingRequest<TResult> : PendingRequest
{
    // Continuations must not run on the I/O thread that delivered the reply (ISwitchConnection's contract).
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected PendingRequest(SwitchSession session, uint xid)
        : base(session, xid)
    {
    }

    /// <inheritdoc/>
    public override Task Task => _completion.Task;

    /// <summary>The caller's task.</summary>
    public Task<TResult> Result => _completion.Task;

    protected void Complete(TResult result)
    {
        Disarm();
        _completion.TrySetResult(result);
    }

    protected override void SetException(Exception exception) => _completion.TrySetException(exception);

    protected override void SetCanceled(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
