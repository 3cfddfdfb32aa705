using Platform.Contracts.Community.V1;

namespace Platform.Demo;

/// <summary>
/// Forms an experience's intervision groups once the Community service has learnt its participants
/// (from the Experience service's events, so this waits for them), and opens a thread in each
/// group's space. Groups are formed once: existing groups are kept.
/// </summary>
public sealed class IntervisionGroups(CommunityService.CommunityServiceClient community, ForumJourney forum, TimeProvider time)
{
    public async Task RunAsync(string experienceId, ExperiencePlan plan, CancellationToken cancellationToken)
    {
        var groups = (await community.ListGroupsAsync(new ListGroupsRequest { ExperienceId = experienceId }, cancellationToken: cancellationToken)).Groups.ToList();
        if (groups.Count == 0)
        {
            await ParticipantsKnownAsync(experienceId, plan.Registrants.Count, cancellationToken);
            var formed = await community.FormGroupsAsync(new FormGroupsRequest { ExperienceId = experienceId, GroupCount = plan.IntervisionGroups, NamePrefix = "Intervision group" }, cancellationToken: cancellationToken);
            groups = [.. formed.Groups];
        }

        foreach (var group in groups)
        {
            var replier = group.Members.First(m => m.MemberId != group.FacilitatorMemberId);
            await forum.ThreadAsync(group.SpaceId, DemoCommunity.GroupThreadTitle, group.FacilitatorMemberId, "What do we each want to learn? Write it below.", [(replier.MemberId, $"I want to learn to get climate into every policy note ({group.Name}).")], cancellationToken);
        }
    }

    private async Task ParticipantsKnownAsync(string experienceId, int expected, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromMinutes(2);
        // The count, not the participants: one of them per call is enough to learn it (total_size).
        var count = new ListParticipantsRequest { ExperienceId = experienceId, PageSize = 1 };
        while ((await community.ListParticipantsAsync(count, cancellationToken: cancellationToken)).TotalSize < expected)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The Community service did not learn the {expected} participants of experience {experienceId} within 2 minutes.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }
    }
}
