namespace SdnCtl.DataPlane.Network;

/// <summary>One ping being watched: which echo request/reply frames are its own, and their paths.</summary>
internal sealed class PingProbe(uint source, uint destination, ushort identifier, ushort sequence)
{
    private readonly Lock _gate = new();
    private readonly PathRecorder _request = new();
    private readonly PathRecorder _reply = new();

    public IReadOnlyList<string> RequestPath
    {
        get
        {
            lock (_gate)
            {
                return _request.Render();
            }
        }
    }

    public IReadOnlyList<string> ReplyPath
    {
        get
        {
            lock (_gate)
            {
                return _reply.Render();
            }
        }
    }

    /// <summary>Records the frame if it is this ping's request or reply.</summary>
    public void Observe(in EchoFrame echo, SwitchNode node, uint port, bool egress)
    {
        if (echo.Identifier != identifier || echo.Sequence != sequence)
        {
            return;
        }

        PathRecorder? path = echo.IsRequest && echo.Source == source && echo.Destination == destination ? _request
            : !echo.IsRequest && echo.Source == destination && echo.Destination == source ? _reply
            : null;
        if (path is null)
        {
            return;
        }

        lock (_gate)
        {
            if (egress)
            {
                path.Egress(node, port);
            }
            else
            {
                path.Ingress(node, port);
            }
        }
    }
}
