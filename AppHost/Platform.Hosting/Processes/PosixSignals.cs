using System.Runtime.InteropServices;

namespace Platform.Hosting.Processes;

/// <summary>Sends signals to processes; .NET's Process only knows SIGKILL.</summary>
internal static partial class PosixSignals
{
    private const int SigInt = 2;
    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static bool Send(int pid, PosixSignal signal) => Kill(pid, Number(signal)) == 0;

    public static bool Kill(int pid) => Kill(pid, SigKill) == 0;

    /// <summary>Suspends the process (SIGSTOP, which it cannot catch): it keeps its sockets and answers nothing.</summary>
    public static bool Suspend(int pid) => Kill(pid, SigStop) == 0;

    /// <summary>Lets a suspended process run again (SIGCONT).</summary>
    public static bool Resume(int pid) => Kill(pid, SigCont) == 0;

    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => SigInt,
        PosixSignal.SIGTERM => SigTerm,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Only SIGINT and SIGTERM are used to stop resources."),
    };

    public static string Name(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => "INT",
        PosixSignal.SIGTERM => "TERM",
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "Only SIGINT and SIGTERM are used to stop resources."),
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
