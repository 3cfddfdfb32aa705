using System.Diagnostics;
using System.Text;
using Platform.Hosting.Processes;

namespace Platform.Hosting.Tests;

/// <summary>
/// Keeps the engine's launcher thread busy until disposed, so every process the engine asks for in
/// the meantime waits to be launched: the moment between "launch it" and "it runs", held as long
/// as a test needs. The hold is a launch of <c>true</c> whose output decoder (created by
/// <see cref="Process.Start()"/> on the launcher thread, after the fork) waits for the release.
/// </summary>
internal sealed class LauncherHold : IDisposable
{
    private readonly ManualResetEventSlim _released;
    private readonly Task<Process> _launch;

    private LauncherHold(Task<Process> launch, ManualResetEventSlim released)
    {
        _launch = launch;
        _released = released;
    }

    /// <summary>Returns once the launcher thread is held.</summary>
    public static async Task<LauncherHold> TakeAsync(CancellationToken cancellationToken)
    {
        var released = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo("/bin/true")
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = new WaitingEncoding(entered, released),
            UseShellExecute = false,
        };
        var launch = ProcessLauncher.StartAsync(info);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return new LauncherHold(launch, released);
    }

    public void Dispose()
    {
        _released.Set();
        _launch.GetAwaiter().GetResult().Dispose();
        _released.Dispose();
    }

    /// <summary>UTF-8 that, when a reader is made with it, says so and waits for the release.</summary>
    private sealed class WaitingEncoding(TaskCompletionSource entered, ManualResetEventSlim released) : Encoding
    {
        public override int GetMaxCharCount(int byteCount)
        {
            entered.TrySetResult();
            released.Wait();
            return UTF8.GetMaxCharCount(byteCount);
        }

        public override int GetByteCount(char[] chars, int index, int count) => UTF8.GetByteCount(chars, index, count);

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) => UTF8.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

        public override int GetCharCount(byte[] bytes, int index, int count) => UTF8.GetCharCount(bytes, index, count);

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) => UTF8.GetChars(bytes, byteIndex, byteCount, chars, charIndex);

        public override int GetMaxByteCount(int charCount) => UTF8.GetMaxByteCount(charCount);
    }
}
