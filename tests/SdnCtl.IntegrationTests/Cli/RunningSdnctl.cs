using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace SdnCtl.IntegrationTests.Cli;

/// <summary>A real <c>sdnctl</c> process (<c>run</c> unless told otherwise), ready once it printed that its REST API is up; killed on dispose.</summary>
internal sealed class RunningSdnctl : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RunningSdnctl(Process process, Uri api)
    {
        _process = process;
        Api = api;
    }

    public Uri Api { get; }

    public string Output => string.Join('\n', _output);

    public static Task<RunningSdnctl> StartAsync(params string[] args)
    {
        int apiPort = FreePorts.Next();
        return StartAsync(new Uri($"http://127.0.0.1:{apiPort}"), "REST API on", [.. args, "--openflow", $"127.0.0.1:{FreePorts.Next()}", "--api", $"http://127.0.0.1:{apiPort}"]);
    }

    /// <summary>Any <c>sdnctl</c> command line, as given; ready once it printed <paramref name="readyText"/>.</summary>
    public static async Task<RunningSdnctl> StartAsync(Uri api, string readyText, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sdnctl.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var running = new RunningSdnctl(Process.Start(start)!, api);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("sdnctl exited: " + running.Output));
                return;
            }

            running._output.Enqueue(e.Data);
            if (e.Data.Contains(readyText, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        running._process.ErrorDataReceived += (_, e) => running._output.Enqueue(e.Data ?? string.Empty);
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ControlPlaneWaits.Guard);
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }

        return running;
    }

    public HttpClient Client(string? key = null) => new()
    {
        BaseAddress = Api,
        DefaultRequestHeaders = { Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key) },
    };

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power loss.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
