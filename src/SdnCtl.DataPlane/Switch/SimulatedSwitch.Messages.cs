using System.Text;
using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Switch;

public sealed partial class SimulatedSwitch
{
    // OFPC_INVALID_TTL_TO_CONTROLLER (1 << 2): gone from the 1.3 spec but still sent by controllers
    // (and honoured by Open vSwitch) to ask for INVALID_TTL packet-ins.
    private const ushort InvalidTtlToControllerFlag = 1 << 2;

    private void Dispatch(ControllerSession session, OfpMessage message, ReadOnlySpan<byte> frame)
    {
        if (session.IsClosed)
        {
            return;
        }

        // Spec 6.3.4: a slave may not change the switch's state.
        if (session.Role == ControllerRole.Slave && IsStateChanging(message))
        {
            SendError(session, message, OfpError.BadRequest(BadRequestCode.IsSlave, $"{message.Type} from a slave controller"), frame);
            return;
        }

        OfpError? error = null;
        switch (message)
        {
            case Hello hello:
                HandleHello(session, hello);
                break;
            case EchoRequest echo:
                session.Send(echo.CreateReply());
                break;
            case EchoReply:
                break;
            case FeaturesRequest:
                session.Send(new FeaturesReply
                {
                    Xid = message.Xid,
                    DatapathId = DatapathId,
                    NBuffers = 0,
                    NTables = (byte)Pipeline.Tables.Count,
                    AuxiliaryId = 0,
                    Capabilities = SwitchCapabilities.FlowStats | SwitchCapabilities.TableStats | SwitchCapabilities.PortStats | SwitchCapabilities.GroupStats,
                });
                break;
            case GetConfigRequest:
                session.Send(new GetConfigReply
                {
                    Xid = message.Xid,
                    Flags = ConfigFlags | (Pipeline.InvalidTtlToController ? (ConfigFlags)InvalidTtlToControllerFlag : 0),
                    MissSendLen = MissSendLength,
                });
                break;
            case SetConfig config:
                if ((config.Flags & ConfigFlags.FragMask) == ConfigFlags.FragReasm)
                {
                    // Reassembly is not implemented; FRAG_NORMAL and FRAG_DROP are.
                    error = new OfpError(OfpErrorType.SwitchConfigFailed, (ushort)SwitchConfigFailedCode.BadFlags, "OFPC_FRAG_REASM is not supported");
                    break;
                }

                ConfigFlags = config.Flags & ConfigFlags.FragMask;
                Pipeline.DropFragments = ConfigFlags == ConfigFlags.FragDrop;
                Pipeline.InvalidTtlToController = ((ushort)config.Flags & InvalidTtlToControllerFlag) != 0;
                MissSendLength = config.MissSendLen;
                break;
            case FlowMod flowMod:
                error = Pipeline.ApplyFlowMod(flowMod);
                if (error is null && flowMod.BufferId != OfpConstants.NoBuffer && flowMod.Command == FlowModCommand.Add)
                {
                    // Nothing is ever buffered (every PACKET_IN says NO_BUFFER), so no id can be valid.
                    error = OfpError.BadRequest(BadRequestCode.BufferUnknown, $"buffer {flowMod.BufferId} is unknown");
                }

                break;
            case GroupMod groupMod:
                error = Pipeline.ApplyGroupMod(groupMod);
                break;
            case MeterMod meterMod:
                error = Pipeline.ApplyMeterMod(meterMod);
                break;
            case PortMod portMod:
                error = HandlePortMod(portMod);
                break;
            case TableMod tableMod:
                error = HandleTableMod(tableMod);
                break;
            case PacketOut packetOut:
                error = HandlePacketOut(packetOut);
                break;
            case BarrierRequest:
                // Single-threaded: everything received before the barrier has been applied already.
                session.Send(new BarrierReply { Xid = message.Xid });
                break;
            case MultipartRequest request:
                error = HandleMultipart(session, request);
                break;
            case RoleRequest role:
                error = HandleRoleRequest(session, role);
                break;
            case GetAsyncRequest:
                {
                    var reply = new GetAsyncReply { Xid = message.Xid };
                    session.PacketInMask.CopyTo(reply.PacketInMask, 0);
                    session.PortStatusMask.CopyTo(reply.PortStatusMask, 0);
                    session.FlowRemovedMask.CopyTo(reply.FlowRemovedMask, 0);
                    session.Send(reply);
                    break;
                }

            case SetAsync setAsync:
                setAsync.PacketInMask.CopyTo(session.PacketInMask, 0);
                setAsync.PortStatusMask.CopyTo(session.PortStatusMask, 0);
                setAsync.FlowRemovedMask.CopyTo(session.FlowRemovedMask, 0);
                break;
            case QueueGetConfigRequest queueRequest:
                if (queueRequest.Port != OfpPortNo.Any && !Pipeline.Ports.ContainsKey(queueRequest.Port))
                {
                    error = new OfpError(OfpErrorType.QueueOpFailed, (ushort)QueueOpFailedCode.BadPort, $"port {queueRequest.Port} does not exist");
                }
                else
                {
                    session.Send(new QueueGetConfigReply { Xid = message.Xid, Port = queueRequest.Port });
                }

                break;
            case ErrorMessage err:
                SwitchLog.ControllerError(_logger, DatapathId, err.ErrorType.ToString(), err.Code, err.Xid);
                break;
            case ExperimenterMessage:
                error = OfpError.BadRequest(BadRequestCode.BadExperimenter, "no experimenter extensions are supported");
                break;
            default:
                // Switch-to-controller messages (PACKET_IN, FEATURES_REPLY, ...) make no sense here.
                error = OfpError.BadRequest(BadRequestCode.BadType, $"{message.Type} is not a controller-to-switch message");
                break;
        }

        if (error is { } e)
        {
            SendError(session, message, e, frame);
        }
    }

    private static bool IsStateChanging(OfpMessage message) =>
        message is FlowMod or GroupMod or MeterMod or PortMod or TableMod or PacketOut;

    private void HandleHello(ControllerSession session, Hello hello)
    {
        byte? version = Hello.Negotiate(_localHello, hello);
        if (version != OfpConstants.Version)
        {
            string reason = $"no common version: controller offers {hello.Version} ({string.Join(",", hello.Bitmaps.Select(b => $"0x{b:x}"))}), this switch speaks only OpenFlow 1.3 (0x04)";
            SwitchLog.HelloFailed(_logger, DatapathId, reason);
            session.Send(new ErrorMessage
            {
                Xid = hello.Xid,
                ErrorType = OfpErrorType.HelloFailed,
                Code = (ushort)HelloFailedCode.Incompatible,
                Data = Encoding.ASCII.GetBytes(reason),
            });
            session.Flush();
            session.IsClosed = true;
            _sessions.Remove(session);
            session.Channel.Close();
            return;
        }

        session.HelloReceived = true;
    }

    private OfpError? HandlePortMod(PortMod mod)
    {
        if (!Pipeline.Ports.TryGetValue(mod.PortNo, out var port))
        {
            return new OfpError(OfpErrorType.PortModFailed, (ushort)PortModFailedCode.BadPort, $"port {mod.PortNo} does not exist");
        }

        if (mod.HwAddr != port.HwAddr)
        {
            return new OfpError(OfpErrorType.PortModFailed, (ushort)PortModFailedCode.BadHwAddr, $"hw_addr does not match port {mod.PortNo}");
        }

        const PortConfig settable = PortConfig.PortDown | PortConfig.NoRecv | PortConfig.NoFwd | PortConfig.NoPacketIn;
        if ((mod.Mask & ~settable) != 0)
        {
            return new OfpError(OfpErrorType.PortModFailed, (ushort)PortModFailedCode.BadConfig, $"config bits {mod.Mask & ~settable} cannot be set");
        }

        var config = (port.Config & ~mod.Mask) | (mod.Config & mod.Mask);
        if (mod.Advertise != 0)
        {
            port.Advertised = mod.Advertise;
        }

        if (config != port.Config)
        {
            port.Config = config;
            // LIVE follows administrative and link state together.
            port.State = port.IsLive ? port.State | PortState.Live : port.State & ~PortState.Live;
            SendPortStatus(PortReason.Modify, port);
        }

        return null;
    }

    private OfpError? HandleTableMod(TableMod mod)
    {
        if (mod.TableId != OfpConstants.TableAll && mod.TableId >= Pipeline.Tables.Count)
        {
            return new OfpError(OfpErrorType.TableModFailed, (ushort)TableModFailedCode.BadTable, $"table {mod.TableId} does not exist");
        }

        foreach (var t in mod.TableId == OfpConstants.TableAll ? Pipeline.Tables : [Pipeline.Tables[mod.TableId]])
        {
            t.Config = mod.Config;
        }

        return null;
    }

    private OfpError? HandlePacketOut(PacketOut packetOut)
    {
        if (packetOut.BufferId != OfpConstants.NoBuffer)
        {
            return OfpError.BadRequest(BadRequestCode.BufferUnknown, $"buffer {packetOut.BufferId} is unknown (this switch buffers nothing)");
        }

        if (Pipeline.ValidatePacketOut(packetOut.InPort, packetOut.Actions) is { } error)
        {
            return error;
        }

        _frame.SetFrame(packetOut.Data.Span);
        Pipeline.PacketOut(packetOut.InPort, _frame, packetOut.Actions, _output);
        return null;
    }

    private OfpError? HandleRoleRequest(ControllerSession session, RoleRequest request)
    {
        if (request.Role is not (ControllerRole.NoChange or ControllerRole.Equal or ControllerRole.Master or ControllerRole.Slave))
        {
            return new OfpError(OfpErrorType.RoleRequestFailed, (ushort)RoleRequestFailedCode.BadRole, $"unknown role {(uint)request.Role}");
        }

        if (request.Role is ControllerRole.Master or ControllerRole.Slave)
        {
            // Spec 6.3.5: a generation id older than the newest seen is stale (wrap-around compare).
            if (_generationIdDefined && (long)(request.GenerationId - _generationId) < 0)
            {
                return new OfpError(OfpErrorType.RoleRequestFailed, (ushort)RoleRequestFailedCode.Stale, $"generation id {request.GenerationId} is older than {_generationId}");
            }

            _generationId = request.GenerationId;
            _generationIdDefined = true;
        }

        if (request.Role == ControllerRole.Master)
        {
            foreach (var other in _sessions)
            {
                if (other != session && other.Role == ControllerRole.Master)
                {
                    other.Role = ControllerRole.Slave;
                }
            }
        }

        if (request.Role != ControllerRole.NoChange)
        {
            session.Role = request.Role;
        }

        session.Send(new RoleReply { Xid = request.Xid, Role = session.Role, GenerationId = _generationIdDefined ? _generationId : 0 });
        return null;
    }
}
