using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Partner.V1;

namespace Platform.Partner.Tests;

/// <summary>Interactions with organizations and experts, and the community manager's follow-up list.</summary>
[Collection(PartnerServers.Name)]
public sealed class InteractionTests(PartnerFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task Follow_ups_on_or_before_the_day_are_listed_oldest_first_as_due_or_overdue_until_done()
    {
        // A community manager of her own, so the list holds only this test's follow-ups.
        var manager = "manager-" + Guid.NewGuid().ToString("N")[..8];
        var client = fixture.Client(fixture.App.Tokens.Create(manager, ["partner.read", "partner.write"], TimeSpan.FromHours(1)));
        var organization = await fixture.RegisterPartnerAsync();
        var expert = await fixture.RegisterExpertAsync();
        Task<Interaction> LogAsync(string summary, string followUpOn, bool withExpert = false) => client.LogInteractionAsync(new LogInteractionRequest
        {
            OrganizationId = withExpert ? string.Empty : organization.Id,
            ExpertId = withExpert ? expert.Id : string.Empty,
            Kind = InteractionKind.Call,
            Summary = summary,
            FollowUpOn = followUpOn,
        }, cancellationToken: Cancel).ResponseAsync;

        var overdue = await LogAsync("Call about the proposal", "2026-03-02");
        var due = await LogAsync("Send the screening dates", "2026-03-05", withExpert: true);
        var later = await LogAsync("Check in after the summer", "2026-07-01");
        var noFollowUp = await LogAsync("Thanked them for the film night", string.Empty);
        var before = await client.ListFollowUpsAsync(new ListFollowUpsRequest { AsOf = "2026-03-05", LoggedBy = manager }, cancellationToken: Cancel);
        await client.CompleteFollowUpAsync(new CompleteFollowUpRequest { InteractionId = overdue.Id }, cancellationToken: Cancel);
        var after = await client.ListFollowUpsAsync(new ListFollowUpsRequest { AsOf = "2026-03-05", LoggedBy = manager }, cancellationToken: Cancel);
        var firstPage = await client.ListFollowUpsAsync(new ListFollowUpsRequest { AsOf = "2026-12-31", LoggedBy = manager, PageSize = 1 }, cancellationToken: Cancel);
        var secondPage = await client.ListFollowUpsAsync(new ListFollowUpsRequest { AsOf = "2026-12-31", LoggedBy = manager, PageSize = 1, PageToken = firstPage.NextPageToken }, cancellationToken: Cancel);
        var nothingToDo = await Assert.ThrowsAsync<RpcException>(() => client.CompleteFollowUpAsync(new CompleteFollowUpRequest { InteractionId = noFollowUp.Id }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal([overdue.Id, due.Id], before.FollowUps.Select(f => f.Interaction.Id));
        Assert.Equal([true, false], before.FollowUps.Select(f => f.Overdue));
        Assert.Equal([3, 0], before.FollowUps.Select(f => f.DaysOverdue));
        Assert.Equal(manager, before.FollowUps[0].Interaction.LoggedBy);
        Assert.Equal(expert.Id, before.FollowUps[1].Interaction.ExpertId);
        Assert.Equal([due.Id], after.FollowUps.Select(f => f.Interaction.Id));
        Assert.Equal([due.Id], firstPage.FollowUps.Select(f => f.Interaction.Id));
        Assert.Equal([later.Id], secondPage.FollowUps.Select(f => f.Interaction.Id));
        Assert.Empty(secondPage.NextPageToken);
        Assert.Equal(StatusCode.FailedPrecondition, nothingToDo.StatusCode);
    }

    [Fact]
    public async Task Interactions_list_newest_first_in_pages_with_their_contact()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var contact = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = "Eva", Email = Guid.NewGuid().ToString("N")[..10] + "@org.example" }, cancellationToken: Cancel);
        var start = DateTimeOffset.UtcNow.AddDays(-10);
        var logged = new List<Interaction>();
        foreach (var (kind, day) in new[] { (InteractionKind.Meeting, 3), (InteractionKind.Email, 1), (InteractionKind.Event, 2) })
        {
            logged.Add(await Manager.LogInteractionAsync(new LogInteractionRequest
            {
                OrganizationId = organization.Id,
                ContactId = contact.Id,
                Kind = kind,
                Summary = kind + " on day " + day,
                OccurredAt = Timestamp.FromDateTimeOffset(start.AddDays(day)),
            }, cancellationToken: Cancel));
        }

        var first = await Manager.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = organization.Id, PageSize = 2 }, cancellationToken: Cancel);
        var second = await Manager.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = organization.Id, PageSize = 2, PageToken = first.NextPageToken }, cancellationToken: Cancel);

        Assert.Equal([InteractionKind.Meeting, InteractionKind.Event], first.Interactions.Select(i => i.Kind));
        Assert.Equal([InteractionKind.Email], second.Interactions.Select(i => i.Kind));
        Assert.Empty(second.NextPageToken);
        Assert.All(first.Interactions.Concat(second.Interactions), i => Assert.Equal(contact.Id, i.ContactId));
        Assert.Equal(logged[0], first.Interactions[0]);
    }

    [Fact]
    public async Task Bad_interactions_get_clear_errors()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var other = await fixture.RegisterPartnerAsync();
        var outsider = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = other.Id, Name = "Frank", Email = Guid.NewGuid().ToString("N")[..10] + "@other.example" }, cancellationToken: Cancel);
        var expert = await fixture.RegisterExpertAsync();

        var invalid = await Assert.ThrowsAsync<RpcException>(() => Manager.LogInteractionAsync(new LogInteractionRequest
        {
            OrganizationId = organization.Id,
            ExpertId = expert.Id,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
            FollowUpOn = "next week",
        }, cancellationToken: Cancel).ResponseAsync);
        var foreignContact = await Assert.ThrowsAsync<RpcException>(() => Manager.LogInteractionAsync(new LogInteractionRequest { OrganizationId = organization.Id, ContactId = outsider.Id, Kind = InteractionKind.Call, Summary = "Hello" }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Manager.LogInteractionAsync(new LogInteractionRequest { ExpertId = Guid.NewGuid().ToString(), Kind = InteractionKind.Call, Summary = "Hello" }, cancellationToken: Cancel).ResponseAsync);
        var badList = await Assert.ThrowsAsync<RpcException>(() => Manager.ListFollowUpsAsync(new ListFollowUpsRequest { AsOf = "05-03-2026", PageSize = 1000 }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);

        // Tokens of the right length whose key fits no list: an interactions token (a time's ticks)
        // given to the follow-up list (which pages by day), and a key past the calendar's end.
        var interactionsToken = Token(DateTimeOffset.UtcNow.UtcTicks);
        var otherListsToken = await Assert.ThrowsAsync<RpcException>(() => Manager.ListFollowUpsAsync(new ListFollowUpsRequest { PageToken = interactionsToken }, cancellationToken: Cancel).ResponseAsync);
        var pastTheCalendar = await Assert.ThrowsAsync<RpcException>(() => Manager.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = organization.Id, PageToken = Token(long.MaxValue) }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(
            ["summary", "organization_id", "kind", "occurred_at", "follow_up_on"],
            invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.InvalidArgument, foreignContact.StatusCode);
        Assert.Equal("contact_id", foreignContact.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["page_size", "as_of"], badList.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Empty(listed.Interactions);
        Assert.Equal("page_token", otherListsToken.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal("page_token", pastTheCalendar.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    /// <summary>A page token's form: the sort key, then an id.</summary>
    private static string Token(long key) => Convert.ToBase64String([.. BitConverter.GetBytes(key), .. Guid.NewGuid().ToByteArray()]);
}
