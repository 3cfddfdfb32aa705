using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Experiences;
using Platform.Experience.Progress;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>Progress through the manual's phases and steps, and the deviations from it.</summary>
public sealed partial class ExperienceGrpcService
{
    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.Progress> GetProgress(Proto.GetProgressRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var id = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        validation.ThrowIfInvalid();
        var experience = await Db.Experiences.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Experience", request.ExperienceId);
        return ProgressMessages.ToProto(experience, await RouteOfAsync(experience, context.CancellationToken));
    }

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Progress> CompleteStep(Proto.CompleteStepRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("reason", request.Reason, ExperienceMessages.ReasonLimit);
        var id = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        if (request.Force && string.IsNullOrWhiteSpace(request.Reason))
        {
            validation.Add("reason", "is required to skip steps (force): it is recorded as the deviation from the manual");
        }

        validation.ThrowIfInvalid();
        var step = new StepPosition(request.PhaseNumber, request.StepNumber);
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(CompleteStep), async cancellationToken =>
        {
            var experience = await LockExperienceAsync(id!.Value, cancellationToken);
            if (!Lifecycle.IsOpen(experience.Status))
            {
                throw new FailedPreconditionException($"Experience '{experience.Title}' is {experience.Status}: progress is recorded while it is Scheduled or Running.");
            }

            var route = await RouteOfAsync(experience, cancellationToken);
            if (!route.Contains(step))
            {
                new Validation().Add(request.PhaseNumber < 1 || request.PhaseNumber > route.Phases.Count ? "phase_number" : "step_number", $"is not a step of format version {experience.FormatVersion}: see GetProgress for the phases and steps").ThrowIfInvalid();
            }

            if (route.RecordOf(step) is { } existing)
            {
                throw new FailedPreconditionException($"Step {route.Describe(step)} was already {existing.Outcome.ToString().ToLowerInvariant()} at {existing.RecordedAt:u}.");
            }

            var skipped = route.OpenBefore(step);
            if (skipped.Count > 0 && !request.Force)
            {
                throw new FailedPreconditionException($"Step {route.Describe(step)} comes after open step(s) {string.Join(", ", skipped.Select(route.Describe))}; complete those first, or set force with a reason to skip them.");
            }

            var now = calendar.Now();
            var caller = context.Caller();
            List<StepRecord> added = [.. skipped.Select(s => StepRecord.Of(experience.Id, s, request.Reason.Trim(), caller, now)), StepRecord.Of(experience.Id, step, null, caller, now)];
            Db.StepRecords.AddRange(added);
            var after = route.With(added);
            foreach (var phase in added.Select(r => r.PhaseNumber).Distinct().Where(after.IsPhaseComplete))
            {
                RaisePhaseCompleted(experience, after, phase, now);
            }

            await Db.SaveOrRejectAsync($"Step {route.Describe(step)} was recorded at the same time.", "The progress changed at the same time.", cancellationToken);
            return ProgressMessages.ToProto(experience, after);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListDeviationsResponse> ListDeviations(Proto.ListDeviationsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var formatId = Fields.OptionalId(validation, "format_id", request.FormatId);
        var after = Fields.AfterKey(request.PageToken);
        validation.ThrowIfInvalid();
        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var query =
            from record in Db.StepRecords.AsNoTracking()
            join experience in Db.Experiences.AsNoTracking() on record.ExperienceId equals experience.Id
            where record.Outcome == StepOutcome.Skipped && (formatId == null || experience.FormatId == formatId)
            select new { record, experience };
        if (after is { } key)
        {
            // Ids are version 7: newest first is descending id.
            query = query.Where(x => x.record.Id < key.Id);
        }

        var page = await query.OrderByDescending(x => x.record.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var formats = await FormatVersionsAsync(page.Select(x => x.experience), context.CancellationToken);
        var response = new Proto.ListDeviationsResponse();
        foreach (var (record, experience) in page.Take(pageSize).Select(x => (x.record, x.experience)))
        {
            var phase = formats[(experience.FormatId, experience.FormatVersion)].Phases[record.PhaseNumber - 1];
            response.Deviations.Add(new Proto.Deviation
            {
                ExperienceId = experience.Id.ToString(),
                ExperienceTitle = experience.Title,
                FormatId = experience.FormatId.ToString(),
                FormatVersion = experience.FormatVersion,
                PhaseNumber = record.PhaseNumber,
                PhaseName = phase.Name,
                StepNumber = record.StepNumber,
                StepName = phase.Steps[record.StepNumber - 1].Name,
                Reason = record.SkipReason ?? string.Empty,
                RecordedAt = Timestamp.FromDateTimeOffset(record.RecordedAt),
                RecordedBy = record.RecordedBy,
            });
        }

        if (page.Count > pageSize)
        {
            response.NextPageToken = Fields.PageToken(0, page[pageSize - 1].record.Id);
        }

        return response;
    }

    private void RaisePhaseCompleted(Experiences.Experience experience, ManualProgress route, int phase, DateTimeOffset now) =>
        Db.AddEvent(new PhaseCompleted
        {
            EventId = Guid.CreateVersion7(),
            OccurredAt = now,
            ExperienceId = experience.Id,
            FormatId = experience.FormatId,
            FormatVersion = experience.FormatVersion,
            PhaseNumber = phase,
            PhaseName = route.Phases[phase - 1].Name,
            SkippedSteps = route.Steps
                .Where(s => s.Phase == phase && route.RecordOf(s)?.Outcome == StepOutcome.Skipped)
                .Select(route.NameOf)
                .ToList(),
        }, experience.Id);

    private async Task<ManualProgress> RouteOfAsync(Experiences.Experience experience, CancellationToken cancellationToken)
    {
        var format = await Db.Formats.AsNoTracking().SingleAsync(f => f.FormatId == experience.FormatId && f.Version == experience.FormatVersion, cancellationToken);
        var records = await Db.StepRecords.AsNoTracking().Where(r => r.ExperienceId == experience.Id).ToListAsync(cancellationToken);
        return new ManualProgress(format.Phases, records);
    }

    private async Task<Dictionary<(Guid, int), Formats.FormatVersion>> FormatVersionsAsync(IEnumerable<Experiences.Experience> experiences, CancellationToken cancellationToken)
    {
        var formatIds = experiences.Select(e => e.FormatId).Distinct().ToList();
        var versions = await Db.Formats.AsNoTracking().Where(f => formatIds.Contains(f.FormatId)).ToListAsync(cancellationToken);
        return versions.ToDictionary(f => (f.FormatId, f.Version));
    }
}
