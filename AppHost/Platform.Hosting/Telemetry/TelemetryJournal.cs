using System.Buffers.Binary;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// Accepted OTLP exports on disk, so telemetry survives an AppHost restart: records
/// (<c>signal, length, body</c>) appended to numbered segment files in one folder; the oldest
/// segment is deleted when a new one would take the folder past its bound. A record cut short
/// by a crash, or a tail it left zeroed, ends the replay of its segment.
/// </summary>
public sealed class TelemetryJournal : IDisposable
{
    private const int HeaderBytes = 5;
    private readonly Lock _gate = new();
    private readonly string _folder;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly Timer _flush;
    private FileStream? _current;
    private int _sequence;

    public TelemetryJournal(string folder, long maxBytes)
    {
        _folder = folder;
        _maxBytes = maxBytes;
        _segmentBytes = Math.Max(64 * 1024, maxBytes / 8);
        Directory.CreateDirectory(folder);
        _sequence = Segments().Select(Sequence).DefaultIfEmpty(0).Max();
        _flush = new Timer(_ => Flush(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Bytes the journal holds on disk now.</summary>
    public long SizeBytes => Segments().Sum(f => new FileInfo(f).Length);

    public void Append(TelemetrySignal signal, byte[] body)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        header[0] = (byte)signal;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], body.Length);
        var size = HeaderBytes + body.Length;
        lock (_gate)
        {
            // A record goes where it fits: a segment never grows past its size but by a lone record larger than it.
            if (_current is null || (_current.Length > 0 && _current.Length + size > _segmentBytes))
            {
                Rotate(Math.Max(_segmentBytes, size));
            }

            _current!.Write(header);
            _current.Write(body);
        }
    }

    /// <summary>Every complete record, oldest first.</summary>
    public void Replay(Action<TelemetrySignal, byte[]> apply)
    {
        foreach (var segment in Segments().OrderBy(Sequence))
        {
            using var stream = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            var header = new byte[HeaderBytes];
            while (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) == HeaderBytes)
            {
                // No record of ours starts like this: the rest is a tail a crash cut short or left zeroed.
                var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
                if (!Enum.IsDefined((TelemetrySignal)header[0]) || length < 0 || length > stream.Length - stream.Position)
                {
                    break;
                }

                var body = new byte[length];
                stream.ReadExactly(body);
                apply((TelemetrySignal)header[0], body);
            }
        }
    }

    public void Flush()
    {
        lock (_gate)
        {
            _current?.Flush();
        }
    }

    public void Dispose()
    {
        _flush.Dispose();
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    /// <summary>A new segment, the oldest deleted until the rest and <paramref name="room"/> bytes fit in the bound.</summary>
    private void Rotate(long room)
    {
        _current?.Dispose();
        _sequence++;
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

    private IEnumerable<string> Segments() => Directory.EnumerateFiles(_folder, "*.otlp");

    private static int Sequence(string path) =>
        int.TryParse(Path.GetFileNameWithoutExtension(path), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}
