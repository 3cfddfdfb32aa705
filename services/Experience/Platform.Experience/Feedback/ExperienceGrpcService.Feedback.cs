using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Experience.Feedback;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience;

/// <summary>Feedback: a score, whether the participant will act, a comment; the latest submission counts.</summary>
public sealed partial class ExperienceGrpcService
{
    private const int CommentLimit = 4000;

    [Authorize(Scopes.ExperienceWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Feedback> SubmitFeedback(Proto.SubmitFeedbackRequest request, ServerCallContext context)
    {
        var validation = new Validation()
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("email", request.Email).MaxLength("email", request.Email, EmailLimit).Email("email", request.Email.Trim())
            .MaxLength("comment", request.Comment, CommentLimit);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        if (!request.HasScore || request.Score is < 0 or > 10)
        {
            validation.Add("score", "is required: a whole number from 0 to 10");
        }

        if (!request.HasWillAct)
        {
            validation.Add("will_act", "is required: whether the participant intends to take action");
        }

        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(SubmitFeedback), async cancellationToken =>
        {
            var (experience, participant) = await ParticipantAtTheEndAsync(experienceId!.Value, request.Email, "give feedback", cancellationToken);
            var now = calendar.Now();
            var comment = request.Comment.Trim();

            // One statement decides first-or-replace, so two submissions at once still give revisions 1 and 2.
            var feedback = (await Db.Feedback.FromSql($"""
                INSERT INTO feedback ("Id", "ExperienceId", "ProfessionalId", "FullName", "Score", "WillAct", "Comment", "Revision", "SubmittedAt")
                VALUES ({Guid.CreateVersion7(now)}, {experience.Id}, {participant.ProfessionalId}, {participant.FullName}, {request.Score}, {request.WillAct}, {comment}, 1, {now})
                ON CONFLICT ("ExperienceId", "ProfessionalId") DO UPDATE SET
                    "FullName" = EXCLUDED."FullName", "Score" = EXCLUDED."Score", "WillAct" = EXCLUDED."WillAct",
                    "Comment" = EXCLUDED."Comment", "Revision" = feedback."Revision" + 1, "SubmittedAt" = EXCLUDED."SubmittedAt"
                RETURNING *
                """).AsNoTracking().ToListAsync(cancellationToken)).Single();
            Db.AddEvent(new FeedbackSubmitted
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = now,
                FeedbackId = feedback.Id,
                Revision = feedback.Revision,
                ExperienceId = experience.Id,
                ExperienceKind = experience.Kind.ToString(),
                FormatId = experience.FormatId,
                HostPartnerIds = experience.HostPartnerIds,
                ProfessionalId = feedback.ProfessionalId,
                Score = feedback.Score,
                WillAct = feedback.WillAct,
                Comment = Fields.NullIfEmpty(feedback.Comment),
            }, feedback.Id);
            await Db.SaveChangesAsync(cancellationToken);
            return ToProto(feedback);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.ExperienceRead)]
    public override async Task<Proto.ListFeedbackResponse> ListFeedback(Proto.ListFeedbackRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        var after = Fields.AfterKey(request.PageToken);
        if (after is { Key: not 0 })
        {
            // Until 2026-11-25 the list went by the latest submission, and its tokens held that time.
            validation.Add("page_token", "was issued when feedback was listed by its latest submission: list again from the first page");
        }

        validation.ThrowIfInvalid();
        if (!await Db.Experiences.AnyAsync(e => e.Id == experienceId, context.CancellationToken))
        {
            throw new NotFoundException("Experience", request.ExperienceId);
        }

        // Newest first by the first submission: the id is version 7 of that time and a revision keeps
        // it, so feedback revised while it is being listed keeps its place (by the latest submission
        // it jumped ahead of the pages read and was never listed).
        var query = Db.Feedback.AsNoTracking().Where(f => f.ExperienceId == experienceId);
        if (after is { } last)
        {
            query = query.Where(f => f.Id < last.Id);
        }

        var pageSize = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var page = await query.OrderByDescending(f => f.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var response = new Proto.ListFeedbackResponse { Feedback = { page.Take(pageSize).Select(ToProto) } };
        if (page.Count > pageSize)
        {
            response.NextPageToken = Fields.PageToken(0, page[pageSize - 1].Id);
        }

        return response;
    }

    private static Proto.Feedback ToProto(ParticipantFeedback feedback) => new()
    {
        Id = feedback.Id.ToString(),
        ExperienceId = feedback.ExperienceId.ToString(),
        ProfessionalId = feedback.ProfessionalId,
        FullName = feedback.FullName,
        Score = feedback.Score,
        WillAct = feedback.WillAct,
        Comment = feedback.Comment,
        Revision = feedback.Revision,
        SubmittedAt = Timestamp.FromDateTimeOffset(feedback.SubmittedAt),
    };
}
