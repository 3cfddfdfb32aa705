using System.Diagnostics;

namespace Platform.Hosting.Processes;

/// <summary>A child process the engine started: its console goes to the resource's logs; it can be stopped gracefully.</summary>
internal sealed class ManagedProcess
{
    private const string Setsid = "/usr/bin/setsid";
    private const string Setpriv = "/usr/bin/setpriv";
    private readonly Process _process;

    private ManagedProcess(Process process, string resource, ResourceLogs logs)
    {
        _process = process;
        Id = process.Id;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { logs.Write(resource, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logs.Write(resource, e.Data, isError: true); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // After the reading began: the wait then also waits for the last lines, and a process that has
        // already ended (a server refusing its data at once) is not disposed before its output is read.
        Exited = WaitForExitAsync(process);
    }

    public int Id { get; }

    /// <summary>Completes with the exit code once the process has ended.</summary>
    public Task<int> Exited { get; }

    public bool HasExited => Exited.IsCompleted;

    public static async Task<ManagedProcess> StartAsync(ProcessSpec spec, string resource, ResourceLogs logs)
    {
        var info = BuildStartInfo(spec);
        try
        {
            var process = await ProcessLauncher.StartAsync(info);
            return new ManagedProcess(process, resource, logs);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ResourceStartException(resource, $"could not launch {spec.FileName}: {ex.Message}", ex);
        }
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills.</summary>
    public async Task<int> StopAsync(PosixSignal signal, TimeSpan grace)
    {
        if (!HasExited)
        {
            PosixSignals.Send(Id, signal);
            if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
            {
                PosixSignals.Kill(Id);
            }
        }

        return await Exited;
    }

    private static async Task<int> WaitForExitAsync(Process process)
    {
        await process.WaitForExitAsync();
        var code = process.ExitCode;
        process.Dispose();
        return code;
    }

    private static ProcessStartInfo BuildStartInfo(ProcessSpec spec)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        if (spec.CleanEnvironment)
        {
            var path = info.Environment.TryGetValue("PATH", out var p) ? p : "/usr/local/bin:/usr/bin:/bin";
            info.Environment.Clear();
            info.Environment["PATH"] = path + ":/usr/sbin:/sbin";
            info.Environment["LANG"] = "C.UTF-8";
        }

        foreach (var name in info.Environment.Keys.Where(k => ShouldRemove(k, spec.RemoveEnvironment)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        // setsid and setpriv (util-linux) exec the program in place, so the pid is the program's own.
        // setsid gives it its own session: Ctrl+C in the terminal reaches the AppHost only, which
        // then stops everything in order. setpriv sets the parent-death signal and, as root, drops
        // to the service account.
        if (File.Exists(Setpriv) && File.Exists(Setsid))
        {
            info.FileName = Setsid;
            info.ArgumentList.Add(Setpriv);
            info.ArgumentList.Add("--pdeathsig");
            info.ArgumentList.Add(PosixSignals.Name(spec.DeathSignal));
            if (spec.RunAs is not null && ServiceAccount.IsRoot)
            {
                info.ArgumentList.Add("--reuid=" + spec.RunAs);
                info.ArgumentList.Add("--regid=" + spec.RunAs);
                info.ArgumentList.Add("--init-groups");
            }

            info.ArgumentList.Add("--");
            info.ArgumentList.Add(spec.FileName);
        }
        else
        {
            info.FileName = spec.FileName;
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static bool ShouldRemove(string name, IReadOnlyList<string> patterns) =>
        patterns.Any(p => p.EndsWith('*')
            ? name.StartsWith(p[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(name, p, StringComparison.OrdinalIgnoreCase));
}
