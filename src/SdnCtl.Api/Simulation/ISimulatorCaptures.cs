namespace SdnCtl.Api.Simulation;

/// <summary>
/// Packet capture of simulated ports, under <c>/api/v1/sim/captures</c>. Implemented by the host
/// that runs a simulated network, next to its <see cref="ISimulatorControl"/>.
/// </summary>
public interface ISimulatorCaptures
{
    /// <summary>Starts capturing switch port <paramref name="port"/> (<c>switch:port</c>); null when there is no such cabled port.</summary>
    CaptureInfo? Start(string port);

    /// <summary>Every capture, running or stopped.</summary>
    IReadOnlyList<CaptureInfo> List();

    /// <summary>The pcap bytes captured so far, or null for an unknown id.</summary>
    byte[]? Read(int id);

    /// <summary>Stops a capture (its file stays downloadable); false for an unknown id.</summary>
    bool Stop(int id);
}

/// <summary>A capture as the API shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Port">The captured port, <c>switch:port</c>.</param>
/// <param name="Frames">Frames captured so far.</param>
/// <param name="Running">False once stopped.</param>
public sealed record CaptureInfo(int Id, string Port, long Frames, bool Running);
