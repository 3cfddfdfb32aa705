using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Platform.Experience.Formats;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Experiences;

/// <summary>Between the contract's experience and session messages and the domain.</summary>
public static class ExperienceMessages
{
    public const int TitleLimit = 200;
    public const int LocationLimit = 300;
    public const int UrlLimit = 500;
    public const int ReasonLimit = 1000;
    public const int ParticipantLimit = 10;
    public const int CapacityLimit = 100_000;
    private static readonly TimeSpan LongestSession = TimeSpan.FromDays(14);

    public static ExperiencePlan Plan(Validation validation, Proto.CreateExperienceRequest request)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(request);
        validation.Required("title", request.Title).MaxLength("title", request.Title, TitleLimit).MaxLength("location", request.Location, LocationLimit);
        if (request.HostPartnerIds.Count is 0 or > ParticipantLimit)
        {
            validation.Add("host_partner_ids", $"must name 1 to {ParticipantLimit} host partners");
        }

        if (request.FacilitatorExpertIds.Count > ParticipantLimit)
        {
            validation.Add("facilitator_expert_ids", $"must name at most {ParticipantLimit} experts");
        }

        var hosts = Ids(validation, "host_partner_ids", request.HostPartnerIds);
        var experts = Ids(validation, "facilitator_expert_ids", request.FacilitatorExpertIds);
        if (request.Capacity is < 0 or > CapacityLimit)
        {
            validation.Add("capacity", $"must be between 1 and {CapacityLimit} (0 means the format's default)");
        }

        return new ExperiencePlan(request.Title, hosts, experts, request.IsOnline, request.Location, request.Capacity == 0 ? null : request.Capacity);
    }

    public static SessionPlan Session(Validation validation, Proto.AddSessionRequest request)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(request);
        validation.MaxLength("title", request.Title, TitleLimit).MaxLength("location", request.Location, LocationLimit).MaxLength("online_url", request.OnlineUrl, UrlLimit);
        if (!string.IsNullOrWhiteSpace(request.OnlineUrl) && !(Uri.TryCreate(request.OnlineUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            validation.Add("online_url", "must be an http or https address");
        }

        if (request.Capacity is < 0 or > CapacityLimit)
        {
            validation.Add("capacity", $"must be between 1 and {CapacityLimit} (0 means the experience's capacity)");
        }

        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(request.TimeZone))
        {
            validation.Add("time_zone", "is required (an IANA name such as Europe/Amsterdam)");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone.Trim(), out zone))
        {
            validation.Add("time_zone", "is not a known IANA time zone");
        }

        var starts = Local(validation, "starts_at_local", request.StartsAtLocal, zone);
        var ends = Local(validation, "ends_at_local", request.EndsAtLocal, zone);
        if (starts is not null && ends is not null && (ends <= starts || ends - starts > LongestSession))
        {
            validation.Add("ends_at_local", "must be after the start and at most 14 days later");
        }

        return new SessionPlan(request.Title, starts ?? default, ends ?? default, zone?.Id ?? string.Empty, request.Location, request.OnlineUrl, request.Capacity == 0 ? null : request.Capacity);
    }

    public static ExperienceStatus? ToStatus(Proto.ExperienceStatus status) => status switch
    {
        Proto.ExperienceStatus.Draft => ExperienceStatus.Draft,
        Proto.ExperienceStatus.Scheduled => ExperienceStatus.Scheduled,
        Proto.ExperienceStatus.Running => ExperienceStatus.Running,
        Proto.ExperienceStatus.Completed => ExperienceStatus.Completed,
        Proto.ExperienceStatus.Cancelled => ExperienceStatus.Cancelled,
        _ => null,
    };

    public static Proto.Experience ToProto(Experience experience, IEnumerable<Session> sessions, SeatCounts taken)
    {
        ArgumentNullException.ThrowIfNull(experience);
        // Cancelling cancelled every waitlist place but leaves the waitlist counters as they were
        // (nothing registers again): nobody waits. Its seats taken are those it kept (Seats.CountAsync).
        var cancelled = experience.Status == ExperienceStatus.Cancelled;
        var message = new Proto.Experience
        {
            Id = experience.Id.ToString(),
            Title = experience.Title,
            FormatId = experience.FormatId.ToString(),
            FormatVersion = experience.FormatVersion,
            FormatName = experience.FormatName,
            Kind = FormatMessages.ToProto(experience.Kind),
            IsOnline = experience.IsOnline,
            Location = experience.Location,
            Capacity = experience.Capacity,
            Status = (Proto.ExperienceStatus)((int)experience.Status + 1),
            RegistersForSeries = experience.RegistersForSeries,
            RegisteredCount = experience.RegistersForSeries ? taken.Of(experience.Id) : 0,
            WaitlistedCount = cancelled ? 0 : experience.WaitlistedCount,
            CreatedAt = Timestamp.FromDateTimeOffset(experience.CreatedAt),
            CancellationReason = experience.CancellationReason ?? string.Empty,
        };
        message.HostPartnerIds.AddRange(experience.HostPartnerIds.Select(id => id.ToString()));
        message.FacilitatorExpertIds.AddRange(experience.FacilitatorExpertIds.Select(id => id.ToString()));
        message.Sessions.AddRange(sessions.OrderBy(s => s.Sequence).Select(s => ToProto(s, taken, cancelled)));
        return message;
    }

    /// <summary>The session with its seats taken; <paramref name="cancelled"/> when its experience was cancelled, with nobody waiting.</summary>
    public static Proto.Session ToProto(Session session, SeatCounts taken, bool cancelled = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new Proto.Session
        {
            Id = session.Id.ToString(),
            ExperienceId = session.ExperienceId.ToString(),
            Sequence = session.Sequence,
            Title = session.Title,
            StartsAt = Timestamp.FromDateTimeOffset(session.StartsAt),
            EndsAt = Timestamp.FromDateTimeOffset(session.EndsAt),
            TimeZone = session.TimeZone,
            Location = session.Location,
            OnlineUrl = session.OnlineUrl,
            Capacity = session.Capacity,
            RegisteredCount = taken.Of(session.Id),
            WaitlistedCount = cancelled ? 0 : session.WaitlistedCount,
        };
    }

    private static List<Guid> Ids(Validation validation, string field, Google.Protobuf.Collections.RepeatedField<string> values)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < values.Count && i < ParticipantLimit; i++)
        {
            if (Fields.RequiredId(validation, $"{field}[{i}]", values[i]) is { } id && !ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    /// <summary>A wall-clock time in a zone, as the instant it is; a time the zone skips (spring forward) is a violation.</summary>
    private static DateTimeOffset? Local(Validation validation, string field, string value, TimeZoneInfo? zone)
    {
        if (!DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            validation.Add(field, "must be a local time as YYYY-MM-DDTHH:MM");
            return null;
        }

        if (zone is null)
        {
            return null;
        }

        if (zone.IsInvalidTime(local))
        {
            validation.Add(field, $"does not exist in {zone.Id} (the clocks skip it)");
            return null;
        }

        // At the calendar's very edges the zone's offset carries the instant outside it: 0001-01-01T00:00
        // in Amsterdam is minutes before the first instant there is in UTC.
        var offset = zone.GetUtcOffset(local);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            validation.Add(field, $"is outside the range of instants a calendar holds, in {zone.Id}");
            return null;
        }

        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
