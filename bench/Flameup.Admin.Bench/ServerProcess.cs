using System.Diagnostics;

namespace Flameup.Admin.Bench;

/// <summary>A server started for the benchmark: its output goes to a log file, its memory is sampled.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StreamWriter _log;
    readonly CancellationTokenSource _stop = new();
    readonly Task _sampler;

    public Uri BaseAddress { get; }
    public string LogPath { get; }
    /// <summary>Largest resident set seen by sampling every 100 ms (MiB).</summary>
    public double PeakRssMiB { get; private set; }

    ServerProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        LogPath = logPath;
        _log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _sampler = Task.Run(SampleAsync);
    }

    public int Id => _process.Id;

    /// <summary>Starts <c>dotnet <paramref name="dll"/> args</c> and waits until <paramref name="readyPath"/> answers.</summary>
    public static async Task<ServerProcess> StartAsync(string dll, IEnumerable<string> args, Uri baseAddress, string readyPath,
        IDictionary<string, string> environment, string logPath)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var (k, v) in environment) info.Environment[k] = v;
        var server = new ServerProcess(Process.Start(info)!, baseAddress, logPath);
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (server._process.HasExited) break;
            try
            {
                using var r = await http.GetAsync(readyPath);
                if (r.IsSuccessStatusCode) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"The server {dll} did not answer {readyPath}; see {logPath}.");
    }

    async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            PeakRssMiB = Math.Max(PeakRssMiB, ReadRssMiB("VmRSS"));
            try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    /// <summary>Current resident set (MiB).</summary>
    public double RssMiB => ReadRssMiB("VmRSS");

    /// <summary>The kernel's high-water mark of the resident set (MiB), which catches peaks between samples.</summary>
    public double HighWaterMiB => ReadRssMiB("VmHWM");

    double ReadRssMiB(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
                if (line.StartsWith(field + ":"))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) / 1024.0;
        }
        catch (IOException) { }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _sampler;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
