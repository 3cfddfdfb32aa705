using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Community.Forum;
using Platform.Community.Groups;
using Platform.Community.Members;
using Platform.Contracts.Events;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Community.V1;

namespace Platform.Community;

/// <summary>Intervision groups formed from an experience's participants.</summary>
public sealed partial class CommunityGrpcService
{
    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListParticipantsResponse> ListParticipants(Proto.ListParticipantsRequest request, ServerCallContext context)
    {
        var validation = new Validation().PageSize("page_size", request.PageSize);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        validation.ThrowIfInvalid();
        var after = Fields.AfterText(request.PageToken);
        var size = request.PageSize == 0 ? Fields.DefaultPageSize : request.PageSize;
        var cancellationToken = context.CancellationToken;

        // By name, then id, in the database: keyset pages on (name, id), which the name index serves.
        var participants = Db.Members.AsNoTracking().Where(m => m.ErasedAt == null && Db.Participants.Any(p => p.ExperienceId == experienceId && p.MemberId == m.Id));
        var response = new Proto.ListParticipantsResponse();
        if (after is { } last)
        {
            participants = participants.Where(m => EF.Functions.GreaterThan(ValueTuple.Create(m.FullName, m.Id), ValueTuple.Create(last.Key, last.Id)));
        }
        else
        {
            // Counted on the first page only: the count reads every participant, where a page reads a few hundred.
            response.TotalSize = await participants.CountAsync(cancellationToken);
        }

        var page = await participants.OrderBy(m => m.FullName).ThenBy(m => m.Id).Select(m => new { m.Id, m.FullName }).Take(size + 1).ToListAsync(cancellationToken);
        var shown = page.Take(size).ToList();
        var ids = shown.Select(m => m.Id).ToList();
        var roles = OnePerMember(await Db.Participants.AsNoTracking()
            .Where(p => p.ExperienceId == experienceId && ids.Contains(p.MemberId))
            .Select(p => new Candidate(p.MemberId, p.Role))
            .ToListAsync(cancellationToken)).ToDictionary(c => c.MemberId, c => c.Role);
        response.NextPageToken = page.Count > size ? Fields.PageToken(shown[^1].FullName, shown[^1].Id) : string.Empty;
        response.Participants.AddRange(shown.Select(m => GroupMessages.Participant(m.Id, m.FullName, roles.GetValueOrDefault(m.Id, string.Empty))));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.FormGroupsResponse> FormGroups(Proto.FormGroupsRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit).MaxLength("name_prefix", request.NamePrefix, GroupMessages.PrefixLimit);
        var experienceId = Fields.RequiredId(validation, "experience_id", request.ExperienceId);
        if (request.GroupCount is < 1 or > GroupMessages.MaxGroups)
        {
            validation.Add("group_count", $"must be between 1 and {GroupMessages.MaxGroups}");
        }

        validation.ThrowIfInvalid();
        var prefix = Fields.NullIfEmpty(request.NamePrefix) ?? GroupMessages.DefaultPrefix;
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(FormGroups), async cancellationToken =>
        {
            if (await Db.Groups.AnyAsync(g => g.ExperienceId == experienceId, cancellationToken))
            {
                throw new FailedPreconditionException($"The groups of experience '{experienceId}' were formed already: move members between them instead.");
            }

            // The participants' rows locked first, as a post locks its author's: an erasure at the
            // same moment waits for the groups, or the groups wait for it and leave its member out.
            // Only members locked are dealt: one whose registration came in after the lock is as
            // one who registers after the groups were formed.
            // Their names come with the lock (the answer shows them).
            var names = await Db.Members.ParticipantsForWriting(experienceId!.Value).Select(m => new { m.Id, m.FullName }).ToDictionaryAsync(m => m.Id, m => m.FullName, cancellationToken);
            var candidates = (await CandidatesAsync(experienceId.Value, cancellationToken)).Where(c => names.ContainsKey(c.MemberId)).ToList();
            if (candidates.Count < 2 * request.GroupCount)
            {
                throw new FailedPreconditionException($"Experience '{experienceId}' has {candidates.Count} participant(s) known to the community: {request.GroupCount} group(s) of at least two need {2 * request.GroupCount}.");
            }

            var fewestGroups = (candidates.Count + GroupMessages.MaxGroupSize - 1) / GroupMessages.MaxGroupSize;
            if (request.GroupCount < fewestGroups)
            {
                throw new FailedPreconditionException(fewestGroups > GroupMessages.MaxGroups
                    ? $"Experience '{experienceId}' has {candidates.Count} participants known to the community: intervision groups are for at most {GroupMessages.MaxGroups * GroupMessages.MaxGroupSize} ({GroupMessages.MaxGroups} groups of {GroupMessages.MaxGroupSize})."
                    : $"Experience '{experienceId}' has {candidates.Count} participants known to the community: a group holds at most {GroupMessages.MaxGroupSize}, so they need at least {fewestGroups} groups, not {request.GroupCount}.");
            }

            var now = calendar.Now();
            var dealt = GroupFormation.Deal(candidates, request.GroupCount);
            var groups = dealt.Select((members, i) => Form(experienceId.Value, i + 1, $"{prefix} {i + 1}", members, now)).ToList();
            await Db.SaveOrRejectAsync($"The groups of experience '{experienceId}' are being formed by another request.", string.Empty, cancellationToken);
            var members = dealt.SelectMany((m, i) => m.Select(c => new GroupMember { GroupId = groups[i].Id, ExperienceId = experienceId.Value, MemberId = c.MemberId, Role = c.Role })).ToList();
            var response = new Proto.FormGroupsResponse();
            response.Groups.AddRange(groups.Select(g => GroupMessages.ToProto(g, members, names)));
            return response;
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.Group> GetGroup(Proto.GetGroupRequest request, ServerCallContext context)
    {
        var id = Fields.Id("id", request.Id);
        var group = await Db.Groups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Group", request.Id);
        return (await GroupsToProtoAsync([group], context.CancellationToken)).Single();
    }

    [Authorize(Scopes.CommunityRead)]
    public override async Task<Proto.ListGroupsResponse> ListGroups(Proto.ListGroupsRequest request, ServerCallContext context)
    {
        var experienceId = Fields.Id("experience_id", request.ExperienceId);
        var groups = await Db.Groups.AsNoTracking().Where(g => g.ExperienceId == experienceId).OrderBy(g => g.Number).ToListAsync(context.CancellationToken);
        var response = new Proto.ListGroupsResponse();
        response.Groups.AddRange(await GroupsToProtoAsync(groups, context.CancellationToken));
        return response;
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.MoveGroupMemberResponse> MoveGroupMember(Proto.MoveGroupMemberRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var memberId = Fields.RequiredId(validation, "member_id", request.MemberId);
        var toId = Fields.RequiredId(validation, "to_group_id", request.ToGroupId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(MoveGroupMember), async cancellationToken =>
        {
            var to = await Db.Groups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == toId, cancellationToken)
                ?? throw new NotFoundException("Group", request.ToGroupId);
            // The member's place locked first: a move of the same member at the same moment is
            // waited for, and the place read is where that move left them, not where they were.
            var place = await Db.GroupMembers.FromSql($"SELECT * FROM group_members WHERE \"ExperienceId\" = {to.ExperienceId} AND \"MemberId\" = {memberId!.Value} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
                ?? throw new FailedPreconditionException($"Member '{memberId}' is in no group of this experience: only participants placed in a group are moved.");
            if (place.GroupId == to.Id)
            {
                throw new FailedPreconditionException($"Member '{memberId}' is in '{to.Name}' already.");
            }

            // Then both groups, in id order, so concurrent moves cannot leave a group of one.
            var locked = await Db.Groups.FromSql($"SELECT * FROM groups WHERE \"Id\" IN ({place.GroupId}, {to.Id}) ORDER BY \"Id\" FOR UPDATE").AsNoTracking().ToListAsync(cancellationToken);
            var from = locked.Single(g => g.Id == place.GroupId);
            if (from.FacilitatorMemberId == memberId)
            {
                throw new FailedPreconditionException($"Member '{memberId}' facilitates '{from.Name}': assign another facilitator before moving them.");
            }

            if (await Db.GroupMembers.CountAsync(m => m.GroupId == from.Id, cancellationToken) <= 2)
            {
                throw new FailedPreconditionException($"Moving member '{memberId}' would leave '{from.Name}' with one member.");
            }

            place.GroupId = to.Id;
            await Db.SaveChangesAsync(cancellationToken);
            var both = await GroupsToProtoAsync([from, to], cancellationToken);
            return new Proto.MoveGroupMemberResponse { From = both[0], To = both[1] };
        }, context.CancellationToken);
    }

    [Authorize(Scopes.CommunityWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Group> AssignFacilitator(Proto.AssignFacilitatorRequest request, ServerCallContext context)
    {
        var validation = new Validation().MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        var groupId = Fields.RequiredId(validation, "group_id", request.GroupId);
        var memberId = Fields.RequiredId(validation, "member_id", request.MemberId);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(AssignFacilitator), async cancellationToken =>
        {
            var group = await Db.Groups.FromSql($"SELECT * FROM groups WHERE \"Id\" = {groupId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Group", request.GroupId);
            if (!await Db.GroupMembers.AnyAsync(m => m.GroupId == group.Id && m.MemberId == memberId, cancellationToken))
            {
                throw new FailedPreconditionException($"Member '{memberId}' is not in '{group.Name}': a group's facilitator is one of its members.");
            }

            // An erased member keeps an anonymous place but no longer writes in the group's space: no
            // facilitator. Locked as a writer locks its member (MemberLocks), so an erasure at the same moment is seen.
            Live(memberId!.Value, await Db.Members.ForWriting(memberId.Value).AsNoTracking().SingleOrDefaultAsync(cancellationToken));
            group.FacilitatorMemberId = memberId;
            await Db.SaveChangesAsync(cancellationToken);
            return (await GroupsToProtoAsync([group], cancellationToken)).Single();
        }, context.CancellationToken);
    }

    /// <summary>A new group with its forum space and members, and its GroupFormed.</summary>
    private Group Form(Guid experienceId, int number, string name, IReadOnlyList<Candidate> members, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now);
        var space = Space.ForGroup(id, name, now);
        var group = new Group { Id = id, ExperienceId = experienceId, Number = number, Name = name, FacilitatorMemberId = GroupFormation.FacilitatorOf(members), SpaceId = space.Id, FormedAt = now };
        Db.Groups.Add(group);
        Db.Spaces.Add(space);
        Db.GroupMembers.AddRange(members.Select(c => new GroupMember { GroupId = id, ExperienceId = experienceId, MemberId = c.MemberId, Role = c.Role }));
        Db.AddEvent(new GroupFormed { EventId = Guid.CreateVersion7(), OccurredAt = now, GroupId = id, Name = name, Kind = group.Kind, ExperienceId = experienceId, MemberIds = [.. members.Select(c => c.MemberId)] }, id);
        return group;
    }

    /// <summary>The experience's participants, each once, with the role they registered with; the caller keeps the live members it locked.</summary>
    private async Task<List<Candidate>> CandidatesAsync(Guid experienceId, CancellationToken cancellationToken) =>
        OnePerMember(await Db.Participants.AsNoTracking()
            .Where(p => p.ExperienceId == experienceId)
            .Select(p => new Candidate(p.MemberId, p.Role))
            .ToListAsync(cancellationToken));

    /// <summary>A member registered more than once for an experience is one participant, with one of the roles they gave (the same one every time).</summary>
    private static List<Candidate> OnePerMember(IEnumerable<Candidate> participations) =>
        [.. participations.GroupBy(p => p.MemberId).Select(g => new Candidate(g.Key, g.Select(p => p.Role).Max(StringComparer.Ordinal) ?? string.Empty))];

    private async Task<List<Proto.Group>> GroupsToProtoAsync(IReadOnlyList<Group> groups, CancellationToken cancellationToken)
    {
        var ids = groups.Select(g => g.Id).ToList();
        var members = await Db.GroupMembers.AsNoTracking().Where(m => ids.Contains(m.GroupId)).ToListAsync(cancellationToken);
        var names = await NamesAsync(members.Select(m => m.MemberId), cancellationToken);
        return [.. groups.Select(g => GroupMessages.ToProto(g, members, names))];
    }
}
