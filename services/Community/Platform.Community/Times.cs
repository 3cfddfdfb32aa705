using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Community;

/// <summary>Instants between the contract's timestamps and the domain.</summary>
public static class Times
{
    public static Timestamp? Of(DateTimeOffset? instant) => instant is { } at ? Timestamp.FromDateTimeOffset(at) : null;

    /// <summary>A required instant strictly after <paramref name="now"/>, at the database's precision.</summary>
    public static DateTimeOffset? Future(Validation validation, string field, Timestamp? value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (value is null)
        {
            validation.Add(field, "is required");
            return null;
        }

        if (Fields.OptionalInstant(validation, field, value) is not { } given)
        {
            return null;
        }

        var instant = NetworkCalendar.AtDatabasePrecision(given);
        if (instant <= now)
        {
            validation.Add(field, $"must be in the future (it is {instant:u}, now is {now:u})");
            return null;
        }

        return instant;
    }
}
