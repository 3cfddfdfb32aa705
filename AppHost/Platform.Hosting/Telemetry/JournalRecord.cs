using System.Buffers.Binary;
using System.IO.Hashing;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// A journal record's header: <c>tag, length, body CRC-32, header CRC-32</c>, the tag being the signal
/// with its high bits set, so that a damaged body is told from an intact one and a damaged header
/// from the next record's start. An older build wrote <c>signal, length</c> alone.
/// </summary>
internal static class JournalRecord
{
    public const int HeaderBytes = 13;
    public const int OlderHeaderBytes = 5;
    private const byte Checksummed = 0xF0;

    public static void WriteHeader(Span<byte> header, TelemetrySignal signal, ReadOnlySpan<byte> body)
    {
        header[0] = (byte)(Checksummed | (byte)signal);
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], Crc32.HashToUInt32(body));
        BinaryPrimitives.WriteUInt32LittleEndian(header[9..], Crc32.HashToUInt32(header[..9]));
    }

    /// <summary>The signal, body length and body checksum a header tells, when its own checksum holds.</summary>
    public static bool TryRead(ReadOnlySpan<byte> header, out TelemetrySignal signal, out int length, out uint bodyChecksum)
    {
        signal = (TelemetrySignal)(header[0] & ~Checksummed & 0xFF);
        length = BinaryPrimitives.ReadInt32LittleEndian(header[1..]);
        bodyChecksum = BinaryPrimitives.ReadUInt32LittleEndian(header[5..]);
        return (header[0] & Checksummed) == Checksummed
            && Enum.IsDefined(signal)
            && length >= 0
            && BinaryPrimitives.ReadUInt32LittleEndian(header[9..]) == Crc32.HashToUInt32(header[..9]);
    }

    public static bool Holds(ReadOnlySpan<byte> body, uint checksum) => Crc32.HashToUInt32(body) == checksum;

    /// <summary>Whether <paramref name="tag"/> starts a record of an older build's (no checksums).</summary>
    public static bool IsOlder(int tag) => Enum.IsDefined((TelemetrySignal)tag);
}
