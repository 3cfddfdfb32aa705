using System.Globalization;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Tests;

/// <summary>A launched process's console reaches the resource's logs, however soon it ends.</summary>
public sealed class ManagedProcessTests
{
    [Fact]
    public async Task A_process_that_ended_before_the_engine_took_it_in_hand_reports_its_exit_code_and_its_output()
    {
        var folder = Directory.CreateTempSubdirectory("platform-test-quick-").FullName;
        var pidFile = Path.Combine(folder, "pid");
        var logs = new ResourceLogs();
        var spec = new ProcessSpec
        {
            FileName = "/bin/sh",
            Arguments = ["-c", $"echo 'Fatal error loading the DB'; echo $$ > {pidFile}; exit 3"],
            WorkingDirectory = folder,
        };
        try
        {
            // The launch's continuation (where the engine takes the process in hand) waits, as on a busy
            // machine whose thread pool is late, while a server that refuses its data exits at once.
            var late = new HeldContext();
            Task<ManagedProcess> start;
            var previous = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(late);
            try
            {
                start = ManagedProcess.StartAsync(spec, "quick", logs);
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(previous);
            }

            var pid = await WaitForPidAsync(pidFile);
            while (Directory.Exists($"/proc/{pid}"))
            {
                // Until the runtime has reaped it: ended, as far as the engine can know.
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            late.Release();
            var process = await start.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

            Assert.Equal(3, await process.Exited.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.Contains(logs.Tail("quick"), l => l.Text == "Fatal error loading the DB");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> WaitForPidAsync(string pidFile)
    {
        while (!File.Exists(pidFile) || !int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture, out _))
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        return int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Keeps what is posted to it until released, then runs it on the thread pool.</summary>
    private sealed class HeldContext : SynchronizationContext
    {
        private readonly Lock _gate = new();
        private readonly List<(SendOrPostCallback Callback, object? State)> _held = [];
        private bool _released;

        public override void Post(SendOrPostCallback d, object? state)
        {
            lock (_gate)
            {
                if (!_released)
                {
                    _held.Add((d, state));
                    return;
                }
            }

            ThreadPool.QueueUserWorkItem(_ => d(state));
        }

        public void Release()
        {
            List<(SendOrPostCallback Callback, object? State)> held;
            lock (_gate)
            {
                _released = true;
                held = [.. _held];
            }

            foreach (var (callback, state) in held)
            {
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }
        }
    }
}
