using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Community.Forum;
using Platform.Community.Members;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community;

/// <summary>Members: sign-up, profile, newsletter consent, erasure.</summary>
public sealed partial class CommunityGrpcService
{
    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Member> SignUp(Proto.SignUpRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var profile = MemberMessages.Profile(validation, request.FullName, request.OrganizationName, request.Role, request.Interests);
        validation.Required("email", request.Email).MaxLength("email", request.Email, MemberMessages.EmailLimit).Email("email", request.Email).ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(SignUp), async cancellationToken =>
        {
            var member = Member.SignUp(profile, request.Email, request.NewsletterConsent, calendar.Now());
            Db.Members.Add(member);
            Db.AddEvent(MemberEvents.Joined(member), member.Id);
            await Db.SaveOrRejectAsync($"'{request.Email.Trim()}' is already a member's e-mail address.", string.Empty, cancellationToken);
            return MemberMessages.ToProto(member);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.Member> GetMember(Proto.GetMemberRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        var member = await Db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Member", request.Id);
        return MemberMessages.ToProto(member);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.Member> FindMember(Proto.FindMemberRequest request, ServerCallContext context)
    {
        new Validation().Required("email", request.Email).MaxLength("email", request.Email, MemberMessages.EmailLimit).ThrowIfInvalid();
        var professionalId = Professionals.IdOf(request.Email);
        var member = await Db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.ProfessionalId == professionalId, context.CancellationToken)
            ?? throw new NotFoundException("Member with e-mail", request.Email.Trim());
        return MemberMessages.ToProto(member);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListMembersResponse> ListMembers(Proto.ListMembersRequest request, ServerCallContext context)
    {
        new Validation().PageSize("page_size", request.PageSize).ThrowIfInvalid();
        var query = Db.Members.AsNoTracking().Where(m => m.ErasedAt == null);
        if (request.NewsletterOnly)
        {
            query = query.Where(m => m.NewsletterConsent);
        }

        var (page, next) = await Pages.NewestFirstAsync(query, m => m.Id, request.PageSize, request.PageToken, context.CancellationToken);
        var response = new Proto.ListMembersResponse { NextPageToken = next };
        response.Members.AddRange(page.Select(MemberMessages.ToProto));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Member> UpdateProfile(Proto.UpdateProfileRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ExpectedVersion("expected_version", request.ExpectedVersion);
        var profile = MemberMessages.Profile(validation, request.FullName, request.OrganizationName, request.Role, request.Interests);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(UpdateProfile), async cancellationToken =>
        {
            var member = await LiveMemberAsync(id!.Value, cancellationToken);
            ConcurrencyConflictException.ThrowIfVersionDiffers("Member", request.Id, member.Version, request.ExpectedVersion);

            member.Update(profile);
            await Db.SaveOrRejectAsync(string.Empty, $"Member '{request.Id}' was changed at the same time by another request: read it again and retry.", cancellationToken);
            return MemberMessages.ToProto(member);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Member> SetNewsletterConsent(Proto.SetNewsletterConsentRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(SetNewsletterConsent), async cancellationToken =>
        {
            var member = await LiveMemberAsync(id!.Value, cancellationToken);
            member.SetNewsletterConsent(request.Consent, calendar.Now());
            await Db.SaveOrRejectAsync(string.Empty, $"Member '{request.Id}' was changed at the same time by another request: retry.", cancellationToken);
            return MemberMessages.ToProto(member);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.EraseMemberResponse> EraseMember(Proto.EraseMemberRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var id = Fields.RequiredId(validation, "id", request.Id);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(EraseMember), async cancellationToken =>
        {
            var member = Live(id!.Value, await Db.Members.ForErasure(id.Value).SingleOrDefaultAsync(cancellationToken));
            var professionalId = member.ProfessionalId!;
            var now = calendar.Now();
            member.Erase(now);
            await ErasedProfessional.RecordAsync(Db, professionalId, now, cancellationToken);
            await Db.Participants.Where(p => p.MemberId == member.Id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Role, string.Empty), cancellationToken);
            await Db.GroupMembers.Where(g => g.MemberId == member.Id).ExecuteUpdateAsync(g => g.SetProperty(x => x.Role, string.Empty), cancellationToken);
            // An erased member facilitates no one: the group has no facilitator until another member is assigned.
            await Db.Groups.Where(g => g.FacilitatorMemberId == member.Id).ExecuteUpdateAsync(g => g.SetProperty(x => x.FacilitatorMemberId, (Guid?)null), cancellationToken);
            await Db.Threads.Where(t => t.AuthorMemberId == member.Id).ExecuteUpdateAsync(t => t.SetProperty(x => x.Title, ForumPost.ErasedText), cancellationToken);
            var cleared = await Db.Posts.Where(p => p.AuthorMemberId == member.Id)
                .ExecuteUpdateAsync(p => p.SetProperty(x => x.Body, ForumPost.ErasedText).SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
            await ErasedMemberCopies.RemoveAsync(Db, member.Id, cancellationToken);
            Db.AddEvent(new MemberErased { EventId = Guid.CreateVersion7(), OccurredAt = now, MemberId = member.Id, ProfessionalId = professionalId }, member.Id);
            await Db.SaveOrRejectAsync(string.Empty, $"Member '{request.Id}' was changed at the same time by another request: retry.", cancellationToken);
            return new Proto.EraseMemberResponse { Id = member.Id.ToString(), ErasedAt = Times.Of(now), PostsCleared = cleared };
        }, context.CancellationToken);
    }

    /// <summary>A member who has not been erased, tracked for a change.</summary>
    private async Task<Member> LiveMemberAsync(Guid id, CancellationToken cancellationToken) =>
        Live(id, await Db.Members.SingleOrDefaultAsync(m => m.Id == id, cancellationToken));

    /// <summary>The member read, if there is one and it has not been erased.</summary>
    private static Member Live(Guid id, Member? member)
    {
        if (member is null)
        {
            throw new NotFoundException("Member", id.ToString());
        }

        return member.ErasedAt is null
            ? member
            : throw new FailedPreconditionException($"Member '{id}' was erased at {member.ErasedAt:u}: their data is gone.");
    }
}
