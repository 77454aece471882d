using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Flameup.Admin.Cluster.Tests;

/// <summary>
/// One real host: the built Flameup.Admin.Web.dll run by <c>dotnet</c> as its own OS process on a free loopback port,
/// its output kept for failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _output = new();

    HostProcess(string name, int port, Process process)
    {
        Name = name;
        BaseUrl = $"http://127.0.0.1:{port}";
        _process = process;
    }

    public string Name { get; }
    public string BaseUrl { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the host printed so far, for assertion messages.</summary>
    public string Output => $"--- {Name} ({BaseUrl}, pid {_process.Id}{(_process.HasExited ? $", exited {_process.ExitCode}" : "")}) ---\n"
        + string.Join('\n', _output);

    /// <summary>The app under test, copied next to this assembly by the project reference.</summary>
    public static string WebDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Flameup.Admin.Web.dll");
            var config = Path.ChangeExtension(dll, ".runtimeconfig.json");
            return File.Exists(dll) && File.Exists(config) ? dll
                : throw new FileNotFoundException($"{dll} (with its .runtimeconfig.json) is missing: build tests/Flameup.Admin.Cluster.Tests, which references the Web project.");
        }
    }

    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var port = FreePort();
        var start = Command(environment, workingDirectory,
            ["--urls", $"http://127.0.0.1:{port}", "--contentRoot", AppContext.BaseDirectory, "--applicationName", "Flameup.Admin.Web"]);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(name, port, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._output.Enqueue("err: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The same binary with a command-line verb against the same database; its stdout, or a failure with all it printed.</summary>
    public static async Task<string> RunCliAsync(IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunToEndAsync(environment, workingDirectory, args);
        Assert.True(exitCode == 0, $"{string.Join(' ', args)} exited {exitCode}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>Runs the binary until it exits (a verb, or a host that refuses to start).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(
        IReadOnlyDictionary<string, string> environment, string workingDirectory, params string[] args)
    {
        using var process = Process.Start(Command(environment, workingDirectory, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout, await stderr);
    }

    static ProcessStartInfo Command(IReadOnlyDictionary<string, string> environment, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    /// <summary>Waits until <c>/health/ready</c> answers 200 (schema migrated, database reachable).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited before it was ready.\n{Output}");
            try
            {
                using var answer = await http.GetAsync("/health/ready");
                if (answer.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (waited.Elapsed > timeout) throw new TimeoutException($"{Name} was not ready after {timeout.TotalSeconds:0} s.\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>kill -9: no shutdown code runs, open transactions are cut off.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true); // SIGKILL on Linux
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
