using System.Buffers.Binary;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// Accepted OTLP exports on disk, so telemetry survives an AppHost restart: records (a
/// <see cref="JournalRecord"/> header, then the body) appended to numbered segment files in one
/// folder; the oldest segment is deleted when a new one would take the folder past its bound. A
/// damaged record is skipped and counted, and the replay goes on at the next one; a record cut
/// short by a crash, or a tail it left zeroed, ends the replay of its segment. A write that fails
/// (the folder gone, the disk full) loses only the journal's copy: it is counted, said once, and the
/// next export tries again in a new segment.
/// </summary>
public sealed class TelemetryJournal : IDisposable
{
    private readonly Lock _gate = new();
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly Timer _flush;
    private readonly TextWriter _warnings;
    private FileStream? _current;
    private int _sequence;

    /// <summary>Records written to the current segment since they last reached the disk: what a failed flush loses.</summary>
    private int _buffered;

    /// <summary>Records written to the current segment: what its deletion meanwhile loses.</summary>
    private int _inSegment;
    private bool _failing;

    /// <summary><paramref name="warnings"/> is told when writing starts to fail and when it works again (the console's error output unless given).</summary>
    public TelemetryJournal(string folder, long maxBytes, TextWriter? warnings = null)
    {
        _folder = folder;
        _warnings = warnings ?? Console.Error;
        _maxBytes = maxBytes;
        _segmentBytes = Math.Min(maxBytes / 2, Math.Max(64 * 1024, maxBytes / 8));
        Directory.CreateDirectory(folder);
        _sequence = Segments().Select(Sequence).DefaultIfEmpty(0).Max();
        _flush = new Timer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Bytes the journal holds on disk now. Read without the journal's lock: a segment a rotation deletes
    /// between the listing and its size counts 0 (<c>Exists</c> caches what <c>Length</c> reads).
    /// </summary>
    public long SizeBytes => Segments().Sum(f => new FileInfo(f) is { Exists: true } segment ? segment.Length : 0);

    /// <summary>Exports not written because one alone would take the journal past its bound: kept in memory only.</summary>
    public long TooLarge { get; private set; }

    /// <summary>Exports accepted (and kept in memory) whose journal record was lost because writing failed.</summary>
    public long Unwritten { get; private set; }

    public void Append(TelemetrySignal signal, byte[] body)
    {
        Span<byte> header = stackalloc byte[JournalRecord.HeaderBytes];
        JournalRecord.WriteHeader(header, signal, body);
        var size = header.Length + body.Length;
        lock (_gate)
        {
            if (size > _maxBytes)
            {
                // Written, it would take the place of every older record and still exceed the bound.
                TooLarge++;
                return;
            }

            try
            {
                // A record goes where it fits: a segment never grows past its size but by a lone record larger than it.
                if (_current is null || (_current.Length > 0 && _current.Length + size > _segmentBytes))
                {
                    Rotate(Math.Max(_segmentBytes, size));
                }

                _current!.Write(header);
                _current.Write(body);
                _buffered++;
                _inSegment++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(ex, lost: _buffered + 1);
            }
        }
    }

    /// <summary>Every complete and intact record, oldest first; returns how many damaged ones were skipped.</summary>
    public int Replay(Action<TelemetrySignal, byte[]> apply)
    {
        var damaged = 0;
        foreach (var segment in Segments().OrderBy(Sequence))
        {
            using var stream = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            if (IsOlder(stream))
            {
                ReplayOlder(stream, apply);
            }
            else
            {
                damaged += ReplayChecksummed(stream, apply);
            }
        }

        return damaged;
    }

    public void Flush()
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }

            try
            {
                _current.Flush();
                if (!File.Exists(_current.Name))
                {
                    // Deleted with its folder, the open segment still takes writes, which go nowhere.
                    Fail(new FileNotFoundException($"{_current.Name} was deleted"), lost: _inSegment);
                    return;
                }

                _buffered = 0;
                if (_failing)
                {
                    _failing = false;
                    _warnings.WriteLine($"apphost: the telemetry journal in {_folder} is written again.");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(ex, lost: _buffered);
            }
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        Flush();
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    /// <summary>Drops the segment being written (a new one is opened for the next record), counts what it lost, and says so once until writing works again.</summary>
    private void Fail(Exception failure, int lost)
    {
        Unwritten += lost;
        _buffered = _inSegment = 0;
        var segment = _current?.Name;
        try
        {
            _current?.Dispose();

            // A segment the failure left empty goes, so that a retry per export while the disk is full does not leave a file each.
            if (segment is not null && new FileInfo(segment) is { Exists: true, Length: 0 })
            {
                File.Delete(segment);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Its buffer could not be written either: already counted.
        }

        _current = null;
        if (!_failing)
        {
            _failing = true;
            _warnings.WriteLine($"apphost: the telemetry journal in {_folder} cannot be written ({failure.Message}); telemetry is kept in memory only, and each export tries again.");
        }
    }

    /// <summary>A new segment, the oldest deleted until the rest and <paramref name="room"/> bytes fit in the bound.</summary>
    private void Rotate(long room)
    {
        _current?.Dispose();
        _current = null;
        _buffered = _inSegment = 0;
        _sequence++;

        // The folder may have been deleted while the AppHost ran.
        Directory.CreateDirectory(_folder);
        _current = new FileStream(Path.Combine(_folder, $"{_sequence:D8}.otlp"), FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
        var segments = Segments().OrderBy(Sequence).ToList();
        var total = segments.Sum(f => new FileInfo(f).Length);
        foreach (var oldest in segments.SkipLast(1))
        {
            if (total + room <= _maxBytes)
            {
                break;
            }

            total -= new FileInfo(oldest).Length;
            File.Delete(oldest);
        }
    }

    /// <summary>A segment an older build wrote: its first record has no checksums (a build writes each start's records to a new segment).</summary>
    private static bool IsOlder(FileStream stream)
    {
        var tag = stream.ReadByte();
        stream.Position = 0;
        return JournalRecord.IsOlder(tag);
    }

    /// <summary>Replays one segment; a damaged record is skipped, and the next whose header checks out goes on.</summary>
    private static int ReplayChecksummed(FileStream stream, Action<TelemetrySignal, byte[]> apply)
    {
        var damaged = 0;
        var header = new byte[JournalRecord.HeaderBytes];
        while (stream.Position < stream.Length)
        {
            var start = stream.Position;
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                && JournalRecord.TryRead(header, out var signal, out var length, out var checksum))
            {
                if (length > stream.Length - stream.Position)
                {
                    // Cut short by a crash: the segment's last record.
                    break;
                }

                var body = new byte[length];
                stream.ReadExactly(body);
                if (JournalRecord.Holds(body, checksum))
                {
                    apply(signal, body);
                }
                else
                {
                    damaged++;
                }

                continue;
            }

            // Not a record's start: a tail a crash left zeroed (no record follows), or a damaged header.
            if (FindRecord(stream, start + 1) is not { } next)
            {
                break;
            }

            damaged++;
            stream.Position = next;
        }

        return damaged;
    }

    /// <summary>Where the first header that checks out starts, from <paramref name="from"/> on.</summary>
    private static long? FindRecord(FileStream stream, long from)
    {
        var buffer = new byte[1 << 16];
        for (var start = from; ; start += buffer.Length - JournalRecord.HeaderBytes + 1)
        {
            stream.Position = start;
            var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            for (var i = 0; i + JournalRecord.HeaderBytes <= read; i++)
            {
                if (JournalRecord.TryRead(buffer.AsSpan(i, JournalRecord.HeaderBytes), out _, out _, out _))
                {
                    return start + i;
                }
            }

            if (read < buffer.Length)
            {
                return null;
            }
        }
    }

    /// <summary>An older build's segment (<c>signal, length, body</c>): what does not read as a record ends its replay.</summary>
    private static void ReplayOlder(FileStream stream, Action<TelemetrySignal, byte[]> apply)
    {
        var header = new byte[JournalRecord.OlderHeaderBytes];
        while (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
            if (!JournalRecord.IsOlder(header[0]) || length < 0 || length > stream.Length - stream.Position)
            {
                break;
            }

            var body = new byte[length];
            stream.ReadExactly(body);
            apply((TelemetrySignal)header[0], body);
        }
    }

    /// <summary>None when the folder is gone (or a file took its place): the journal is failing, and says so.</summary>
    private IEnumerable<string> Segments() => Directory.Exists(_folder) ? Directory.EnumerateFiles(_folder, "*.otlp") : [];

    private static int Sequence(string path) =>
        int.TryParse(Path.GetFileNameWithoutExtension(path), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}
