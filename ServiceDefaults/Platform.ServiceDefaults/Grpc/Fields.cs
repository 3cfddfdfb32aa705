using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>Reading the contract's ids, dates and page tokens, with a field violation for what cannot be read.</summary>
public static class Fields
{
    public const int RequestIdLimit = 100;
    public const int DefaultPageSize = 50;
    private const string DateFormat = "yyyy-MM-dd";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The range protobuf's Timestamp allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    // The range protobuf's Duration allows: about 10,000 years either way.
    private const long MaxDurationSeconds = 315_576_000_000;

    /// <summary>A required id: throws InvalidArgument when it is missing or not an id.</summary>
    public static Guid Id(string field, string value)
    {
        var validation = new Validation();
        var id = RequiredId(validation, field, value);
        validation.ThrowIfInvalid();
        return id!.Value;
    }

    /// <summary>A required id: a violation when it is missing or not an id.</summary>
    public static Guid? RequiredId(Validation validation, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrEmpty(value))
        {
            validation.Add(field, "is required");
            return null;
        }

        return OptionalId(validation, field, value);
    }

    /// <summary>
    /// A list of ids, in the order given, each kept once: <paramref name="limit"/> counts different
    /// ids (<paramref name="what"/> names them in the violation). An entry that is empty or not an id
    /// is a violation naming its index (an empty one, a form's blank row, left out would lose the one
    /// meant). Reading stops at the first id past the limit, or once as many entries as the limit
    /// allows are not ids: the request is wrong either way, and its answer stays short.
    /// </summary>
    public static List<Guid> DistinctIds(Validation validation, string field, IReadOnlyList<string> values, int limit, string what)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(values);
        var ids = new List<Guid>();
        var notIds = 0;
        for (var i = 0; i < values.Count && notIds < limit; i++)
        {
            var id = RequiredId(validation, $"{field}[{i}]", values[i]);
            if (id is null)
            {
                notIds++;
            }
            else if (!ids.Contains(id.Value))
            {
                if (ids.Count == limit)
                {
                    validation.Add(field, $"must hold at most {limit} different {what} (duplicates count once)");
                    break;
                }

                ids.Add(id.Value);
            }
        }

        return ids;
    }

    /// <summary>An optional id: null when empty; a violation when it is not an id.</summary>
    public static Guid? OptionalId(Validation validation, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        validation.Add(field, "is not an id");
        return null;
    }

    /// <summary>An optional calendar date (YYYY-MM-DD): null when empty; a violation when it is not one.</summary>
    public static DateOnly? OptionalDate(Validation validation, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        validation.Add(field, "must be a date as YYYY-MM-DD");
        return null;
    }

    /// <summary>A required calendar date (YYYY-MM-DD); a violation when empty or not one.</summary>
    public static DateOnly? RequiredDate(Validation validation, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (string.IsNullOrEmpty(value))
        {
            validation.Add(field, "is required");
            return null;
        }

        return OptionalDate(validation, field, value);
    }

    /// <summary>
    /// An optional instant: null when absent; a violation when the timestamp is not one (seconds
    /// outside 0001-01-01 to 9999-12-31, or nanos outside 0 to 999,999,999), which converting it would throw on.
    /// </summary>
    public static DateTimeOffset? OptionalInstant(Validation validation, string field, Timestamp? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (value is null)
        {
            return null;
        }

        if (value.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || value.Nanos is < 0 or > 999_999_999)
        {
            validation.Add(field, "is not a valid timestamp: seconds must fall between 0001-01-01 and 9999-12-31, nanos between 0 and 999,999,999");
            return null;
        }

        return value.ToDateTimeOffset();
    }

    /// <summary>
    /// An optional length of time: null when absent; a violation when the duration is not one (seconds
    /// beyond 10,000 years either way, nanos beyond a second, or the two of opposite signs), which converting it would throw on.
    /// </summary>
    public static TimeSpan? OptionalDuration(Validation validation, string field, Duration? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (value is null)
        {
            return null;
        }

        if (value.Seconds is < -MaxDurationSeconds or > MaxDurationSeconds || value.Nanos is < -999_999_999 or > 999_999_999
            || (value.Seconds < 0 && value.Nanos > 0) || (value.Seconds > 0 && value.Nanos < 0))
        {
            validation.Add(field, "is not a valid duration: seconds must be within 10,000 years, nanos within a second and of the same sign");
            return null;
        }

        return value.ToTimeSpan();
    }

    public static string Format(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string Format(DateOnly? date) => date is { } d ? Format(d) : string.Empty;

    public static string Format(Guid? id) => id?.ToString() ?? string.Empty;

    public static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A page token for keyset pages ordered by (key, id): opaque to clients.</summary>
    public static string PageToken(long key, Guid id)
    {
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, key);
        id.TryWriteBytes(bytes[8..]);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The (key, id) a <see cref="PageToken(long, Guid)"/> holds; null for the first page.</summary>
    public static (long Key, Guid Id)? AfterKey(string pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[24];
        if (!Convert.TryFromBase64String(pageToken, bytes, out var written) || written != 24)
        {
            throw NotIssued();
        }

        return (BitConverter.ToInt64(bytes), new Guid(bytes[8..]));
    }

    /// <summary>The (instant, id) a page token of <c>PageToken(instant.UtcTicks, id)</c> holds; null for the first page.</summary>
    public static (DateTimeOffset At, Guid Id)? AfterInstant(string pageToken) =>
        AfterKey(pageToken) is not { } after ? null
        : after.Key >= 0 && after.Key <= DateTimeOffset.MaxValue.UtcTicks ? (new DateTimeOffset(after.Key, TimeSpan.Zero), after.Id)
        // A token of another list (a day number, a sort key) or a made-up one: out of the calendar.
        : throw NotIssued();

    /// <summary>The (day, id) a page token of <c>PageToken(day.DayNumber, id)</c> holds; null for the first page.</summary>
    public static (DateOnly Day, Guid Id)? AfterDay(string pageToken) =>
        AfterKey(pageToken) is not { } after ? null
        : after.Key >= 0 && after.Key <= DateOnly.MaxValue.DayNumber ? (DateOnly.FromDayNumber((int)after.Key), after.Id)
        : throw NotIssued();

    /// <summary>
    /// A page token for keyset pages ordered by (text, id), such as a name and then an id: opaque to
    /// clients. The text itself is in the token (not looked up again by the id), so the next page
    /// starts where this one ended even if that row changed meanwhile.
    /// </summary>
    public static string PageToken(string key, Guid id)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(key)];
        id.TryWriteBytes(bytes);
        Encoding.UTF8.GetBytes(key, bytes.AsSpan(16));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The (text, id) a <see cref="PageToken(string, Guid)"/> holds; null for the first page.</summary>
    public static (string Key, Guid Id)? AfterText(string pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }

        var bytes = new byte[(pageToken.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(pageToken, bytes, out var written) || written < 16)
        {
            throw NotIssued();
        }

        try
        {
            var key = StrictUtf8.GetString(bytes, 16, written - 16);
            // No text column holds a NUL (PostgreSQL refuses one): a token with one was not ours.
            return key.Contains('\0', StringComparison.Ordinal) ? throw NotIssued() : (key, new Guid(bytes.AsSpan(0, 16)));
        }
        catch (DecoderFallbackException)
        {
            throw NotIssued();
        }
    }

    private static ValidationFailedException NotIssued() =>
        new([new FieldViolation("page_token", "is not a token this service issued")]);
}
