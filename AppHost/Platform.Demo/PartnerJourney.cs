using Grpc.Core;
using Platform.Contracts.Partner.V1;

namespace Platform.Demo;

/// <summary>
/// The community manager's side: organizations through the pipeline, a contact each, the
/// municipality's climate team, the expert pool, engagements and interactions. Everything is
/// looked up by its natural key (name, e-mail, scope, summary) before it is created.
/// </summary>
public sealed class PartnerJourney(PartnerService.PartnerServiceClient partner, DateOnly today)
{
    public async Task<NetworkIds> RunAsync(CancellationToken cancellationToken)
    {
        var ids = new NetworkIds();
        foreach (var plan in DemoNetwork.Organizations)
        {
            var organization = await OrganizationAsync(plan, cancellationToken);
            ids.Organizations[plan.Name] = organization.Id;
            await MoveToAsync(organization, plan.Stage, cancellationToken);
            await ContactAsync(organization.Id, plan, cancellationToken);
        }

        foreach (var plan in DemoNetwork.Experts)
        {
            ids.Experts[plan.Email] = await ExpertAsync(plan, cancellationToken);
        }

        await ClimateTeamAsync(ids, cancellationToken);
        foreach (var plan in DemoNetwork.Engagements)
        {
            await EngagementAsync(ids, plan, cancellationToken);
        }

        foreach (var plan in DemoNetwork.Interactions)
        {
            await InteractionAsync(ids.Organization(plan.Organization), plan, cancellationToken);
        }

        return ids;
    }

    private async Task<Organization> OrganizationAsync(OrganizationPlan plan, CancellationToken cancellationToken)
    {
        var found = await Paging.AllAsync(async token =>
        {
            var page = await partner.ListOrganizationsAsync(new ListOrganizationsRequest { Text = plan.Name, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Organizations.AsEnumerable(), page.NextPageToken);
        });
        // The Partner service keeps one organization per name and region whatever their case (an
        // operator may have typed "utrecht"): registering it again would be refused as AlreadyExists.
        return found.FirstOrDefault(o => SameKey(o.Name, plan.Name) && SameKey(o.Region, plan.Region))
            ?? await partner.RegisterOrganizationAsync(new RegisterOrganizationRequest
            {
                Name = plan.Name, Sector = plan.Sector, Region = plan.Region, EmployeeCount = plan.Employees, Website = plan.Website,
            }, cancellationToken: cancellationToken);
    }

    private async Task MoveToAsync(Organization organization, Stage target, CancellationToken cancellationToken)
    {
        var path = DemoNetwork.PathTo(target);
        var done = organization.Stage == Stage.Lead ? 0 : path.ToList().IndexOf(organization.Stage) + 1;
        foreach (var stage in path.Skip(done))
        {
            var reason = stage == Stage.Lost ? "No budget for climate work this year" : "Demo journey";
            await partner.ChangeStageAsync(new ChangeStageRequest { Id = organization.Id, ToStage = stage, Reason = reason }, cancellationToken: cancellationToken);
        }
    }

    private async Task ContactAsync(string organizationId, OrganizationPlan plan, CancellationToken cancellationToken)
    {
        var contacts = await partner.ListContactsAsync(new ListContactsRequest { OrganizationId = organizationId }, cancellationToken: cancellationToken);
        if (contacts.Contacts.Any(c => string.Equals(c.Email, plan.ContactEmail, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var contact = await partner.AddContactAsync(new AddContactRequest { OrganizationId = organizationId, Name = plan.ContactName, Email = plan.ContactEmail, Role = plan.ContactRole }, cancellationToken: cancellationToken);
        await partner.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Purpose = ConsentPurpose.Newsletter, Given = true }, cancellationToken: cancellationToken);
    }

    private async Task<string> ExpertAsync(ExpertPlan plan, CancellationToken cancellationToken)
    {
        var request = new RegisterExpertRequest { Name = plan.Name, Email = plan.Email, OrganizationName = plan.Organization, MonthlyCapacityHours = plan.MonthlyHours, Languages = { "nl", "en" } };
        request.Themes.AddRange(plan.Themes);
        request.Sectors.AddRange(plan.Sectors);
        try
        {
            return (await partner.RegisterExpertAsync(request, cancellationToken: cancellationToken)).Id;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
            // Registered by an earlier run: the pool lists active experts with hours left.
            var pool = await partner.FindExpertsAsync(new FindExpertsRequest { PageSize = 500 }, cancellationToken: cancellationToken);
            return pool.Matches.Select(m => m.Expert).FirstOrDefault(e => string.Equals(e.Email, plan.Email, StringComparison.OrdinalIgnoreCase))?.Id
                ?? throw new InvalidOperationException($"The demo's expert {plan.Name} ({plan.Email}) is registered but no longer in the pool (deactivated, or no hours left this month), so the demo cannot be seeded over this data again; start the AppHost with --fresh to seed it anew.");
        }
    }

    private async Task ClimateTeamAsync(NetworkIds ids, CancellationToken cancellationToken)
    {
        var municipality = ids.Organization(DemoNetwork.Municipality);
        var teams = await partner.ListClimateTeamsAsync(new ListClimateTeamsRequest { OrganizationId = municipality }, cancellationToken: cancellationToken);
        if (teams.Teams.Count > 0)
        {
            return;
        }

        var contacts = await partner.ListContactsAsync(new ListContactsRequest { OrganizationId = municipality }, cancellationToken: cancellationToken);
        var team = new FormClimateTeamRequest { OrganizationId = municipality, Name = "Klimaatteam Stadskantoor", CoachExpertId = ids.Expert(DemoNetwork.CoachEmail) };
        team.MemberContactIds.AddRange(contacts.Contacts.Select(c => c.Id));
        await partner.FormClimateTeamAsync(team, cancellationToken: cancellationToken);
    }

    private async Task EngagementAsync(NetworkIds ids, EngagementPlan plan, CancellationToken cancellationToken)
    {
        var organization = ids.Organization(plan.Partner);
        var existing = await partner.ListEngagementsAsync(new ListEngagementsRequest { OrganizationId = organization }, cancellationToken: cancellationToken);
        if (existing.Engagements.Any(e => e.Scope == plan.Scope))
        {
            return;
        }

        var engagement = await partner.EngageExpertAsync(new EngageExpertRequest
        {
            ExpertId = ids.Expert(plan.ExpertEmail), OrganizationId = organization, Scope = plan.Scope, PlannedHours = plan.PlannedHours, Months = plan.Months,
        }, cancellationToken: cancellationToken);
        for (var left = plan.LoggedHours; left > 0; left -= 6)
        {
            var hours = Math.Min(6, left);
            await partner.LogHoursAsync(new LogHoursRequest { EngagementId = engagement.Id, Hours = hours, WorkedOn = Iso(today), Note = "Coaching session" }, cancellationToken: cancellationToken);
        }

        if (plan.Completed)
        {
            await partner.CompleteEngagementAsync(new CompleteEngagementRequest { Id = engagement.Id }, cancellationToken: cancellationToken);
        }
    }

    private async Task InteractionAsync(string organizationId, InteractionPlan plan, CancellationToken cancellationToken)
    {
        var logged = await Paging.AllAsync(async token =>
        {
            var page = await partner.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = organizationId, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Interactions.AsEnumerable(), page.NextPageToken);
        });
        if (logged.Any(i => i.Summary == plan.Summary))
        {
            return;
        }

        var interaction = await partner.LogInteractionAsync(new LogInteractionRequest
        {
            OrganizationId = organizationId,
            Kind = plan.Kind,
            Summary = plan.Summary,
            OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(today.AddDays(-plan.DaysAgo).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc)),
            FollowUpOn = plan.FollowUpInDays is { } days ? Iso(today.AddDays(days)) : string.Empty,
        }, cancellationToken: cancellationToken);
        if (plan.FollowUpDone)
        {
            await partner.CompleteFollowUpAsync(new CompleteFollowUpRequest { InteractionId = interaction.Id }, cancellationToken: cancellationToken);
        }
    }

    private static bool SameKey(string stored, string planned) => string.Equals(stored.Trim(), planned.Trim(), StringComparison.OrdinalIgnoreCase);

    internal static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
