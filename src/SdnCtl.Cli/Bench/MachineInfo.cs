using SdnCtl.Cli.Hosting;

namespace SdnCtl.Cli.Bench;

/// <summary>The machine a bench ran on, for the JSON report.</summary>
internal sealed record MachineInfo(string CpuModel, int Cores, string Os, string Runtime, bool ServerGc, bool InlineSocketCompletions, string LeakDetection)
{
    public static MachineInfo Current()
    {
        string model = "unknown";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (string line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is int colon and > 0)
                    {
                        model = line[(colon + 1)..].Trim();
                        break;
                    }
                }
            }
        }
        catch (IOException)
        {
            // Not Linux, or /proc is hidden: the model stays unknown.
        }

        return new MachineInfo(
            model,
            Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            System.Runtime.GCSettings.IsServerGC,
            ProcessTuning.InlineCompletions,
            ProcessTuning.LeakDetection);
    }
}
