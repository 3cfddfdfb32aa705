using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Community;

/// <summary>Instants between the contract's timestamps and the domain.</summary>
public static class Times
{
    public static Timestamp? Of(DateTimeOffset? instant) => instant is { } at ? Timestamp.FromDateTimeOffset(at) : null;

    /// <summary>A required instant, at the database's precision.</summary>
    public static DateTimeOffset? Required(Validation validation, string field, Timestamp? value)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (value is null)
        {
            validation.Add(field, "is required");
            return null;
        }

        return Optional(validation, field, value);
    }

    /// <summary>An optional instant, at the database's precision; null when not given.</summary>
    public static DateTimeOffset? Optional(Validation validation, string field, Timestamp? value) =>
        Fields.OptionalInstant(validation, field, value) is { } given ? NetworkCalendar.AtDatabasePrecision(given) : null;

    /// <summary>
    /// <c>InvalidArgument</c> on <paramref name="field"/> unless <paramref name="instant"/> is
    /// strictly after <paramref name="now"/>. Checked inside the request's transaction, after a
    /// retry's stored answer was looked for: a retry that comes once the time has passed gets the
    /// first answer, not this refusal.
    /// </summary>
    public static void RequireFuture(string field, DateTimeOffset instant, DateTimeOffset now)
    {
        if (instant <= now)
        {
            new Validation().Add(field, $"must be in the future (it is {instant:u}, now is {now:u})").ThrowIfInvalid();
        }
    }
}
