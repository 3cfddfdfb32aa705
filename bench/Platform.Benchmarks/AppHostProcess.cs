using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Benchmarks;

/// <summary>The real AppHost program, started as a developer starts it, watched through its resource API.</summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _api;

    private AppHostProcess(Process process, HttpClient api)
    {
        _process = process;
        _api = api;
    }

    public int Id => _process.Id;

    public static AppHostProcess Start(string dataDirectory)
    {
        var token = Guid.NewGuid().ToString("N");
        var port = HarnessPorts.Reserve();
        var info = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "Platform.AppHost.dll"), "--data-dir", dataDirectory, "--dashboard-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--otlp-port", "0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PLATFORM_DASHBOARD_TOKEN"] = token;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("apphost: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AppHostProcess(process, api);
    }

    /// <summary>Polls the resource API every 50 ms until every resource is Running and Healthy.</summary>
    public async Task<JsonElement> WaitAllHealthyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_process.ExitCode} before all resources were healthy.");
            }

            try
            {
                var resources = await _api.GetFromJsonAsync<JsonElement>("/api/resources");
                if (resources.EnumerateArray().All(r => r.GetProperty("state").GetString() == "Running" && r.TryGetProperty("health", out var h) && h.GetString() == "Healthy"))
                {
                    return resources;
                }
            }
            catch (HttpRequestException)
            {
                // The API is not up yet.
            }
            catch (TaskCanceledException)
            {
                // A slow answer while everything starts on two cores.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Not all resources were healthy after {timeout.TotalSeconds} s.");
    }

    /// <summary>
    /// SIGTERM, as a supervisor stops it (Ctrl+C takes the same path; SIGINT is ignored by
    /// programs started from a background job, as a benchmark often is). Returns the time to exit.
    /// </summary>
    public async Task<TimeSpan> StopAsync()
    {
        var clock = Stopwatch.StartNew();
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await _process.WaitForExitAsync();
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync();
        }

        _process.Dispose();
        _api.Dispose();
    }
}
