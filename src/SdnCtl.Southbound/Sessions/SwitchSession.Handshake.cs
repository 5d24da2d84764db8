using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Southbound.Sessions;

/// <content>The handshake: HELLO negotiation, FEATURES, SET_CONFIG, PORT_DESC, DESC, announcement.</content>
internal sealed partial class SwitchSession
{
    private void OnHello(Hello hello)
    {
        if (_state != SessionState.AwaitingHello)
        {
            _logger.Unsolicited(RemoteAddress, OfpType.Hello, hello.Xid);
            return;
        }

        if (Hello.Negotiate(_hello, hello) != OfpConstants.Version)
        {
            _logger.VersionMismatch(RemoteAddress, hello.Version);
            var exception = new OfpProtocolException(
                OfpErrorType.HelloFailed,
                (ushort)HelloFailedCode.Incompatible,
                $"this controller speaks OpenFlow 1.3 (0x04) only; the peer offered version 0x{hello.Version:x2}");
            var error = OfpCodec.CreateError(exception, ReadOnlySpan<byte>.Empty);
            error.Xid = hello.Xid;
            SendReply(error);
            Terminate("no common OpenFlow version", flushFirst: true);
            return;
        }

        lock (_gate)
        {
            if (_state != SessionState.AwaitingHello)
            {
                return;
            }

            _state = SessionState.Handshaking;
        }

        _ = RunHandshakeAsync();
    }

    private async Task RunHandshakeAsync()
    {
        try
        {
            // Pipelined: the switch answers in order, and one flush carries all four requests.
            var featuresRequest = new FeaturesRequest();
            var features = StartRequest(new PendingReply<FeaturesReply>(this, AssignXid(featuresRequest)), featuresRequest, flush: false, external: false, CancellationToken.None, Timeout.InfiniteTimeSpan);
            Send(new SetConfig { Flags = ConfigFlags.FragNormal, MissSendLen = OfpConstants.ControllerMaxLenNoBuffer });
            var portDesc = new PortDescRequest();
            var ports = StartRequest(new PendingMultipart<PortDescReply>(this, AssignXid(portDesc), MultipartType.PortDesc), portDesc, flush: false, external: false, CancellationToken.None, Timeout.InfiniteTimeSpan);
            var descRequest = new DescRequest();
            var desc = StartRequest(new PendingMultipart<DescReply>(this, AssignXid(descRequest), MultipartType.Desc), descRequest, flush: false, external: false, CancellationToken.None, Timeout.InfiniteTimeSpan);
            Flush();

            var featuresReply = await features.ConfigureAwait(false);
            var portParts = await ports.ConfigureAwait(false);
            var descParts = await desc.ConfigureAwait(false);

            if (featuresReply.AuxiliaryId != 0)
            {
                _logger.AuxiliaryRefused(featuresReply.DatapathId, RemoteAddress, featuresReply.AuxiliaryId);
                Terminate($"auxiliary connection {featuresReply.AuxiliaryId} is not supported", flushFirst: false);
                return;
            }

            var allPorts = new List<OfpPort>();
            foreach (var part in portParts)
            {
                allPorts.AddRange(part.Ports);
            }

            // Back onto the event loop, where every sink call of this session is made.
            RunOnLoop(() => CompleteHandshake(featuresReply, allPorts, descParts[0]));
        }
        catch (SwitchDisconnectedException)
        {
            // Closed while we waited; Terminate has said everything there is to say.
        }
        catch (Exception e) when (e is OpenFlowErrorException or OfpProtocolException or TimeoutException or InvalidOperationException)
        {
            _logger.HandshakeFailed(RemoteAddress, e);
            Terminate($"handshake failed: {e.Message}", flushFirst: false);
        }
    }

    /// <summary>Handshake replies are in (event loop): take over the datapath id, then announce.</summary>
    private void CompleteHandshake(FeaturesReply features, List<OfpPort> ports, DescReply description)
    {
        if (_state == SessionState.Closed)
        {
            return;
        }

        _datapathId = features.DatapathId;
        _features = features;
        _description = description;
        _handshakePorts = ports;

        var replaced = _registry.Register(this);
        if (replaced is null || ReferenceEquals(replaced, this))
        {
            Announce();
            return;
        }

        // The control plane must hear that the old session is gone before it hears of this one;
        // the old session reports that on its own event loop.
        _logger.Replaced(_datapathId, RemoteAddress, replaced.RemoteAddress);
        replaced.Terminate($"replaced by a new connection from {RemoteAddress}", flushFirst: false);
        var reported = replaced._closeReported.Task;
        if (reported.IsCompleted)
        {
            Announce();
            return;
        }

        reported.ContinueWith(
            static (_, state) => ((SwitchSession)state!).RunOnLoop(static session => session.Announce()),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Makes the session Connected and tells the sink (event loop).</summary>
    private void Announce()
    {
        var ports = _handshakePorts!;
        lock (_gate)
        {
            if (_state == SessionState.Closed)
            {
                // Closed while registering: make sure the registry does not keep it.
                _registry.Unregister(this);
                return;
            }

            if (_earlyPortStatus is not null)
            {
                ApplyPortStatus(ports, _earlyPortStatus);
                _earlyPortStatus = null;
            }

            _ports = ports.AsReadOnly();
            _handshakePorts = null;
            _state = SessionState.Connected;
        }

        _handshakeTimer?.Cancel();
        _logger.Connected(_datapathId, RemoteAddress, ports.Count, Features.NTables, Description.MfrDesc, Description.SwDesc);
        InvokeSink(static (sink, session, _) => sink.SwitchConnected(session), null);
    }

    private static void ApplyPortStatus(List<OfpPort> ports, List<PortStatus> changes)
    {
        foreach (var change in changes)
        {
            int index = ports.FindIndex(p => p.PortNo == change.Port.PortNo);
            if (change.Reason == PortReason.Delete)
            {
                if (index >= 0)
                {
                    ports.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                ports[index] = change.Port;
            }
            else
            {
                ports.Add(change.Port);
            }
        }
    }

    private void OnHandshakeTimeout()
    {
        if (_state is SessionState.AwaitingHello or SessionState.Handshaking)
        {
            _logger.HandshakeTimeout(RemoteAddress, _options.HandshakeTimeout);
            Terminate("handshake timeout", flushFirst: false);
        }
    }
}
