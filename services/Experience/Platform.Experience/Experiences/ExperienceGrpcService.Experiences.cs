using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Experiences;
using Platform.Experience.Registrations;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>Experiences from the Manual's formats, their sessions and their lifecycle.</summary>
public sealed partial class ExperienceGrpcService
{
    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Experience> CreateExperience(Proto.CreateExperienceRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var formatId = Fields.RequiredId(validation, "format_id", request.FormatId);
        var plan = ExperienceMessages.Plan(validation, request);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CreateExperience), async cancellationToken =>
        {
            var format = await CurrentFormatAsync(formatId!.Value, cancellationToken);
            await Partners.CheckHostsAsync(plan.HostPartnerIds, cancellationToken);
            await Partners.CheckExpertsAsync(plan.FacilitatorExpertIds, cancellationToken);
            var experience = Experiences.Experience.Create(format, plan, calendar.Now());
            Db.Experiences.Add(experience);
            if (experience.RegistersForSeries)
            {
                Db.SeatBuckets.AddRange(SeatBucket.Split(experience.Id, experience.Capacity));
            }

            await Db.SaveChangesAsync(cancellationToken);
            return ExperienceMessages.ToProto(experience, [], SeatCounts.None);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.Experience> GetExperience(Proto.GetExperienceRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        var experience = await Db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Experience", request.Id);
        var sessions = await SessionsOfAsync(id, context.CancellationToken);
        return ExperienceMessages.ToProto(experience, sessions, await Seats.CountAsync([experience], sessions, context.CancellationToken));
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListExperiencesResponse> ListExperiences(Proto.ListExperiencesRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var partnerId = Fields.OptionalId(validation, "partner_id", request.PartnerId);
        var status = ExperienceMessages.ToStatus(request.Status);
        if (status is null && request.Status != Proto.ExperienceStatus.Unspecified)
        {
            validation.Add("status", "is not a known status");
        }

        var from = Fields.OptionalInstant(validation, "starts_from", request.StartsFrom);
        var before = Fields.OptionalInstant(validation, "starts_before", request.StartsBefore);
        if (from is not null && before is not null && before <= from)
        {
            validation.Add("starts_before", "must be after starts_from");
        }

        validation.ThrowIfInvalid();
        var after = Fields.AfterKey(request.PageToken);
        var query = Db.Experiences.AsNoTracking();
        if (partnerId is { } partner)
        {
            query = query.Where(e => e.HostPartnerIds.Contains(partner));
        }

        if (status is { } s)
        {
            query = query.Where(e => e.Status == s);
        }

        if (from is { } f)
        {
            query = query.Where(e => e.StartsAt >= f);
        }

        if (before is { } b)
        {
            query = query.Where(e => e.StartsAt < b);
        }

        if (after is { } last)
        {
            query = query.Where(e => e.Id < last.Id);
        }

        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var page = await query.OrderByDescending(e => e.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var ids = page.Select(e => e.Id).ToList();
        var sessions = (await Db.Sessions.AsNoTracking().Where(x => ids.Contains(x.ExperienceId)).ToListAsync(context.CancellationToken)).ToLookup(x => x.ExperienceId);
        var response = new Proto.ListExperiencesResponse();
        var taken = await Seats.CountAsync(page, sessions.SelectMany(g => g), context.CancellationToken);
        response.Experiences.AddRange(page.Take(pageSize).Select(e => ExperienceMessages.ToProto(e, sessions[e.Id], taken)));
        if (page.Count > pageSize)
        {
            response.NextPageToken = Fields.PageToken(0, page[pageSize - 1].Id);
        }

        return response;
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Session> AddSession(Proto.AddSessionRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        var plan = ExperienceMessages.Session(validation, request);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(AddSession), async cancellationToken =>
        {
            var experience = await LockExperienceAsync(experienceId!.Value, cancellationToken);
            if (experience.Status is not (ExperienceStatus.Draft or ExperienceStatus.Scheduled))
            {
                throw new FailedPreconditionException($"Experience '{experience.Title}' is {experience.Status}; sessions are added while it is Draft or Scheduled.");
            }

            var sequence = await Db.Sessions.CountAsync(x => x.ExperienceId == experience.Id, cancellationToken) + 1;
            var session = Session.Plan(experience.Id, sequence, plan, plan.Capacity ?? experience.Capacity, calendar.Now());
            Db.Sessions.Add(session);
            if (!experience.RegistersForSeries)
            {
                Db.SeatBuckets.AddRange(SeatBucket.Split(session.Id, session.Capacity));
            }

            experience.SessionAdded(session);
            if (experience.Status == ExperienceStatus.Scheduled)
            {
                RaiseSessionScheduled(experience, session);
            }

            await Db.SaveChangesAsync(cancellationToken);
            return ExperienceMessages.ToProto(session, SeatCounts.None);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.Experience> ScheduleExperience(Proto.ChangeExperienceRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, context, ExperienceStatus.Scheduled, nameof(ScheduleExperience), (experience, sessions, _) =>
        {
            if (sessions.Count == 0)
            {
                throw new FailedPreconditionException($"Experience '{experience.Title}' has no sessions yet: add at least one before scheduling it.");
            }

            Db.AddEvent(new ExperienceScheduled
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = calendar.Now(),
                ExperienceId = experience.Id,
                Title = experience.Title,
                ExperienceKind = experience.Kind.ToString(),
                FormatId = experience.FormatId,
                FormatName = experience.FormatName,
                FormatVersion = experience.FormatVersion,
                HostPartnerIds = experience.HostPartnerIds,
                FacilitatorExpertIds = experience.FacilitatorExpertIds,
                IsOnline = experience.IsOnline,
                Location = experience.IsOnline ? null : Fields.NullIfEmpty(experience.Location),
                Capacity = experience.RegistersForSeries ? experience.Capacity : sessions.Max(x => x.Capacity),
            }, experience.Id);
            foreach (var session in sessions)
            {
                RaiseSessionScheduled(experience, session);
            }

            return Task.CompletedTask;
        });

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.Experience> StartExperience(Proto.ChangeExperienceRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, context, ExperienceStatus.Running, nameof(StartExperience), (_, _, _) => Task.CompletedTask);

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.Experience> CompleteExperience(Proto.ChangeExperienceRequest request, ServerCallContext context) =>
        ChangeStatusAsync(request, context, ExperienceStatus.Completed, nameof(CompleteExperience), async (experience, sessions, cancellationToken) =>
        {
            var attended = await (
                from a in Db.Attendances
                join r in Db.Registrations on a.RegistrationId equals r.Id
                where r.ExperienceId == experience.Id && a.Status == AttendanceStatus.Attended
                select new { r.ProfessionalId, a.SessionId }).ToListAsync(cancellationToken);
            var hours = sessions.ToDictionary(x => x.Id, x => x.Hours);
            var now = calendar.Now();
            Db.AddEvent(new ExperienceCompleted
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = now,
                ExperienceId = experience.Id,
                ExperienceKind = experience.Kind.ToString(),
                FormatId = experience.FormatId,
                FormatVersion = experience.FormatVersion,
                HostPartnerIds = experience.HostPartnerIds,
                SessionsHeld = sessions.Count(x => x.StartsAt <= now),
                ParticipantCount = attended.Select(a => a.ProfessionalId).Distinct().Count(),
                // The sum of what each ParticipantAttended said; rounding only drops the sum's binary noise.
                ParticipantHours = Math.Round(attended.Sum(a => hours[a.SessionId]), 2),
            }, experience.Id);
        });

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override Task<Proto.Experience> CancelExperience(Proto.ChangeExperienceRequest request, ServerCallContext context)
    {
        new Validation().Required("reason", request.Reason).MaxLength("reason", request.Reason, ExperienceMessages.ReasonLimit).ThrowIfInvalid();
        return ChangeStatusAsync(request, context, ExperienceStatus.Cancelled, nameof(CancelExperience), async (experience, _, cancellationToken) =>
        {
            var now = calendar.Now();
            // A seat that was used stays, as CancelRegistration leaves it (Cancellation's rule): its
            // attendance happened, and no RegistrationCancelled contradicts it. Check-ins read this row
            // FOR KEY SHARE: under its FOR UPDATE every check-in stored is seen.
            var ofExperience = Db.Registrations.Where(r => r.ExperienceId == experience.Id);
            var used = Cancellation.WithUsedSeat(ofExperience).Select(r => r.Id);
            var open = await ofExperience.Where(r => r.Status != RegistrationStatus.Cancelled && !used.Contains(r.Id)).ToListAsync(cancellationToken);
            foreach (var registration in open)
            {
                var previous = registration.Status;
                registration.Cancel(now);
                RegistrationEvents.Cancelled(Db, registration, previous, "Organizer", request.Reason.Trim(), now);
            }

            if (experience.Status == ExperienceStatus.Draft)
            {
                // A draft was never announced (no ExperienceScheduled): subscribers know nothing to call off.
                return;
            }

            Db.AddEvent(new ExperienceCancelled
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = now,
                ExperienceId = experience.Id,
                ExperienceKind = experience.Kind.ToString(),
                HostPartnerIds = experience.HostPartnerIds,
                Reason = request.Reason.Trim(),
            }, experience.Id);
        });
    }

    /// <summary>One lifecycle move: validated, locked, checked against the lifecycle, with its own effects, saved once.</summary>
    private async Task<Proto.Experience> ChangeStatusAsync(
        Proto.ChangeExperienceRequest request,
        ServerCallContext context,
        ExperienceStatus to,
        string operation,
        Func<Experiences.Experience, List<Session>, CancellationToken, Task> effects)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("reason", request.Reason, ExperienceMessages.ReasonLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, operation, async cancellationToken =>
        {
            var experience = await LockExperienceAsync(id!.Value, cancellationToken);
            if (!Lifecycle.Allows(experience.Status, to))
            {
                throw new FailedPreconditionException($"Experience '{experience.Title}' is {experience.Status} and cannot become {to}.");
            }

            var sessions = await SessionsOfAsync(experience.Id, cancellationToken);
            await effects(experience, sessions, cancellationToken);
            experience.MoveTo(to, Fields.NullIfEmpty(request.Reason), calendar.Now());
            await Db.SaveChangesAsync(cancellationToken);
            return ExperienceMessages.ToProto(experience, sessions, await Seats.CountAsync([experience], sessions, cancellationToken));
        }, context.CancellationToken);
    }

    private void RaiseSessionScheduled(Experiences.Experience experience, Session session) =>
        Db.AddEvent(new SessionScheduled
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = calendar.Now(),
            SessionId = session.Id,
            ExperienceId = experience.Id,
            Sequence = session.Sequence,
            Title = Fields.NullIfEmpty(session.Title),
            StartsAt = session.StartsAt,
            EndsAt = session.EndsAt,
            Location = string.IsNullOrEmpty(session.Location) ? null : session.Location,
            Capacity = experience.RegistersForSeries ? experience.Capacity : session.Capacity,
        }, experience.Id);

    private async Task<Experiences.Experience> LockExperienceAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Experiences.FromSql($"SELECT * FROM experiences WHERE \"Id\" = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Experience", id.ToString());

    /// <summary>
    /// The experience, read <c>FOR KEY SHARE</c> until the transaction ends, for a change that
    /// depends on its status (as a registration reads it, see RegistrationTarget): a lifecycle move
    /// (<c>FOR UPDATE</c>) waits for such changes in flight, and one arriving during a move waits
    /// and then reads the new status. They do not wait for each other.
    /// </summary>
    private async Task<Experiences.Experience> ShareExperienceAsync(Guid id, CancellationToken cancellationToken) =>
        await Db.Experiences.FromSql($"SELECT * FROM experiences WHERE \"Id\" = {id} FOR KEY SHARE").AsNoTracking().SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("Experience", id.ToString());

    private Task<List<Session>> SessionsOfAsync(Guid experienceId, CancellationToken cancellationToken) =>
        Db.Sessions.AsNoTracking().Where(x => x.ExperienceId == experienceId).OrderBy(x => x.Sequence).ToListAsync(cancellationToken);
}
