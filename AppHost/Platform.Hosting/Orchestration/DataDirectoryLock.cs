namespace Platform.Hosting.Orchestration;

/// <summary>One AppHost per data directory: two would fight over the same servers' files.</summary>
internal sealed class DataDirectoryLock : IDisposable
{
    private const string LockFileName = ".apphost.lock";
    private readonly FileStream _lock;

    private DataDirectoryLock(FileStream fileLock) => _lock = fileLock;

    public static DataDirectoryLock Acquire(string directory, bool fresh)
    {
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new ResourceStartException("apphost", $"the data folder {directory} cannot be created ({ex.Message}).", ex);
        }

        FileStream fileLock;
        try
        {
            fileLock = new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ResourceStartException("apphost", $"the data folder {directory} is not writable ({ex.Message}).", ex);
        }
        catch (IOException ex)
        {
            throw new ResourceStartException("apphost", $"another AppHost is already running on the data folder {directory}. Stop it first (Ctrl+C in its terminal).", ex);
        }

        if (fresh)
        {
            try
            {
                Wipe(directory);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                fileLock.Dispose();
                throw new ResourceStartException("apphost", $"--fresh could not wipe the data folder {directory} ({ex.Message}).", ex);
            }
        }

        return new DataDirectoryLock(fileLock);
    }

    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _lock.Dispose();

    private static void Wipe(string directory)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().Where(e => e.Name != LockFileName))
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }
}
