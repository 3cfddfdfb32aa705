using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Hosting.Processes;

/// <summary>
/// Starts every child process from one thread that lives as long as the AppHost.
/// The kernel's parent-death signal fires when the thread that forked a child ends, so
/// forking from a thread-pool thread (which may retire) would kill children at random.
/// </summary>
internal static class ProcessLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = [];
    private static readonly Lazy<Thread> Thread = new(StartThread);

    public static Task<Process> StartAsync(ProcessStartInfo info)
    {
        _ = Thread.Value;
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task;
    }

    private static Thread StartThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "platform-process-launcher" };
        thread.Start();
        return thread;
    }

    private static void Run()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = info, EnableRaisingEvents = true };
                process.Start();
                started.SetResult(process);
            }
            catch (Exception ex)
            {
                started.SetException(ex);
            }
        }
    }
}
