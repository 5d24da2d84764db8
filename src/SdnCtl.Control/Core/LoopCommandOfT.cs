using System.Runtime.ExceptionServices;

namespace SdnCtl.Control.Core;

/// <summary>A command returning <typeparamref name="T"/>.</summary>
internal sealed class LoopCommand<T> : LoopCommand
{
    private readonly Func<ControlContext, T> _body;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _cancellationToken;
    private T? _result;
    private ExceptionDispatchInfo? _failure;
    private bool _canceled;

    public LoopCommand(Func<ControlContext, T> body, CancellationToken cancellationToken)
    {
        _body = body;
        _cancellationToken = cancellationToken;
    }

    public Task<T> Task => _completion.Task;

    public override void Run(ControlContext context)
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            _canceled = true;
            return;
        }

        try
        {
            _result = _body(context);
        }
#pragma warning disable CA1031 // The caller gets the exception through its task; the loop must go on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
    }

    public override void Complete()
    {
        if (_canceled)
        {
            _completion.TrySetCanceled(_cancellationToken);
        }
        else if (_failure is not null)
        {
            _completion.TrySetException(_failure.SourceException);
        }
        else
        {
            _completion.TrySetResult(_result!);
        }
    }

    public override void Abandon() =>
        _completion.TrySetException(new ObjectDisposedException(nameof(ControlPlane), "the control plane stopped before the command ran"));
}
