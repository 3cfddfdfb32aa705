using Grpc.Core;
using Platform.Contracts.Community.V1;

namespace Platform.Demo;

/// <summary>
/// The community side: members who signed up, published news, LinkedIn posts (approved; without
/// LinkedIn settings they stay Approved with "channel not configured", which is the honest state),
/// public forum threads, and the intervision groups of the experiences that have them. Looked up by
/// e-mail, title and text first.
/// </summary>
public sealed class CommunityJourney(CommunityService.CommunityServiceClient community, TimeProvider time)
{
    public async Task RunAsync(IReadOnlyDictionary<string, string> experienceIds, IReadOnlyList<ExperiencePlan> plans, CancellationToken cancellationToken)
    {
        var members = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var plan in DemoCommunity.SignUps)
        {
            members[plan.Email] = await MemberAsync(plan, cancellationToken);
        }

        await NewsAsync(experienceIds, cancellationToken);
        await PostsAsync(cancellationToken);
        var forum = new ForumJourney(community);
        var spaces = await community.ListSpacesAsync(new ListSpacesRequest { Kind = SpaceKind.Public }, cancellationToken: cancellationToken);
        foreach (var thread in DemoCommunity.Threads)
        {
            await forum.ThreadAsync(spaces.Spaces[0].Id, thread.Title, members[thread.AuthorEmail], thread.Body, thread.Replies.Select(r => (members[r.AuthorEmail], r.Body)).ToList(), cancellationToken);
        }

        foreach (var plan in plans.Where(p => p.IntervisionGroups > 0))
        {
            await new IntervisionGroups(community, forum, time).RunAsync(experienceIds[plan.Title], plan, cancellationToken);
        }
    }

    private async Task<string> MemberAsync(SignUpPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            var request = new SignUpRequest { FullName = plan.FullName, Email = plan.Email, OrganizationName = plan.Organization, Role = plan.Role, NewsletterConsent = true, Interests = { "climate", "mobility" } };
            return (await community.SignUpAsync(request, cancellationToken: cancellationToken)).Id;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            return (await community.FindMemberAsync(new FindMemberRequest { Email = plan.Email }, cancellationToken: cancellationToken)).Id;
        }
    }

    private async Task NewsAsync(IReadOnlyDictionary<string, string> experienceIds, CancellationToken cancellationToken)
    {
        var items = await Paging.AllAsync(async token =>
        {
            var page = await community.ListNewsItemsAsync(new ListNewsItemsRequest { PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Items.AsEnumerable(), page.NextPageToken);
        });
        foreach (var news in DemoCommunity.News)
        {
            var item = items.FirstOrDefault(i => i.Title == news.Title);
            if (item is null)
            {
                var request = new CreateNewsItemRequest { Title = news.Title, Summary = news.Summary, BodyMarkdown = news.Body, Tags = { news.Tags } };
                if (news.Experience is { } experience && experienceIds.TryGetValue(experience, out var id))
                {
                    request.ExperienceId = id;
                }

                item = await community.CreateNewsItemAsync(request, cancellationToken: cancellationToken);
            }

            if (item.Status == NewsStatus.Draft)
            {
                await community.PublishNewsItemAsync(new ChangeNewsItemRequest { Id = item.Id }, cancellationToken: cancellationToken);
            }
        }
    }

    private async Task PostsAsync(CancellationToken cancellationToken)
    {
        var posts = await Paging.AllAsync(async token =>
        {
            var page = await community.ListSocialPostsAsync(new ListSocialPostsRequest { PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Posts.AsEnumerable(), page.NextPageToken);
        });
        foreach (var text in DemoCommunity.LinkedInPosts)
        {
            var post = posts.FirstOrDefault(p => p.Text == text)
                ?? await community.CreateSocialPostAsync(new CreateSocialPostRequest { Text = text, LinkUrl = "https://100mtc.example.nl" }, cancellationToken: cancellationToken);
            if (post.Status == SocialPostStatus.Draft)
            {
                await community.ApproveSocialPostAsync(new ChangeSocialPostRequest { Id = post.Id }, cancellationToken: cancellationToken);
            }
        }
    }
}
