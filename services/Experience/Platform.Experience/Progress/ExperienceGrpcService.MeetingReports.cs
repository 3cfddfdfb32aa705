using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Experience.Experiences;
using Platform.Experience.Progress;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>Meeting reports: one per session, by a facilitator.</summary>
public sealed partial class ExperienceGrpcService
{
    private const int ReportLimit = 20_000;

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.MeetingReport> WriteMeetingReport(Proto.WriteMeetingReportRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("body", request.Body).MaxLength("body", request.Body, ReportLimit);
        var sessionId = Fields.RequiredId(validation, "session_id", request.SessionId);
        var authorId = Fields.RequiredId(validation, "author_expert_id", request.AuthorExpertId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(WriteMeetingReport), async cancellationToken =>
        {
            // The session's row lock puts two writers of one report one after the other.
            var session = await Db.Sessions.FromSql($"SELECT * FROM sessions WHERE \"Id\" = {sessionId} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Session", request.SessionId);
            var experience = await Db.Experiences.AsNoTracking().SingleAsync(e => e.Id == session.ExperienceId, cancellationToken);
            var now = calendar.Now();
            if (experience.Status is ExperienceStatus.Draft or ExperienceStatus.Cancelled || session.StartsAt > now)
            {
                throw new FailedPreconditionException($"Session {session.Sequence} of '{experience.Title}' ({experience.Status}) has not taken place: it starts at {session.StartsAt:u}.");
            }

            if (!experience.FacilitatorExpertIds.Contains(authorId!.Value))
            {
                throw new FailedPreconditionException($"Expert '{authorId}' does not facilitate '{experience.Title}': only its facilitators write its meeting reports.");
            }

            var body = request.Body.Trim();
            var report = await Db.MeetingReports.SingleOrDefaultAsync(r => r.SessionId == session.Id, cancellationToken);
            if (report is null)
            {
                report = MeetingReport.First(session, authorId.Value, body, now);
                Db.MeetingReports.Add(report);
            }
            else
            {
                report.Rewrite(authorId.Value, body, now);
            }

            await Db.SaveChangesAsync(cancellationToken);
            return ToProto(report, session.Sequence);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListMeetingReportsResponse> ListMeetingReports(Proto.ListMeetingReportsRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        validation.ThrowIfInvalid();
        if (!await Db.Experiences.AnyAsync(e => e.Id == experienceId, context.CancellationToken))
        {
            throw new NotFoundException("Experience", request.ExperienceId);
        }

        var reports = await (
            from report in Db.MeetingReports.AsNoTracking()
            join session in Db.Sessions.AsNoTracking() on report.SessionId equals session.Id
            where report.ExperienceId == experienceId
            orderby session.Sequence
            select new { report, session.Sequence }).ToListAsync(context.CancellationToken);
        return new Proto.ListMeetingReportsResponse { Reports = { reports.Select(x => ToProto(x.report, x.Sequence)) } };
    }

    private static Proto.MeetingReport ToProto(MeetingReport report, int sequence) => new()
    {
        SessionId = report.SessionId.ToString(),
        ExperienceId = report.ExperienceId.ToString(),
        SessionSequence = sequence,
        AuthorExpertId = report.AuthorExpertId.ToString(),
        Body = report.Body,
        Revision = report.Revision,
        WrittenAt = Timestamp.FromDateTimeOffset(report.WrittenAt),
    };
}
