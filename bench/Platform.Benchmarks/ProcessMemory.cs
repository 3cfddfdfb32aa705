namespace Platform.Benchmarks;

/// <summary>Resident memory of a process and all its descendants, from /proc.</summary>
internal static class ProcessMemory
{
    /// <summary>One process alone (the AppHost, whose descendants are the resources).</summary>
    public static double OwnResidentMegabytes(int pid) => ResidentKilobytes(pid) / 1024.0;

    public static double ResidentMegabytes(IEnumerable<int> roots)
    {
        var children = ParentMap().ToLookup(p => p.Parent, p => p.Pid);
        var all = new HashSet<int>();
        var pending = new Stack<int>(roots);
        while (pending.TryPop(out var pid))
        {
            if (all.Add(pid))
            {
                foreach (var child in children[pid])
                {
                    pending.Push(child);
                }
            }
        }

        return all.Sum(ResidentKilobytes) / 1024.0;
    }

    private static long ResidentKilobytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static IEnumerable<(int Pid, int Parent)> ParentMap()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            yield return (pid, int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
