using Npgsql;
using Platform.Contracts.Events;
using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;

namespace Platform.Partner.Tests;

/// <summary>
/// The right to erasure, as the Community service announces it with <c>MemberErased</c>: the
/// contacts and the expert with the professional's address keep their place (consents, teams,
/// engagements) but nothing that names or reaches the person, in the rows, the cache and the
/// stored replies.
/// </summary>
[Collection(PartnerServers.Name)]
public sealed class ErasureTests(PartnerFixture fixture)
{
    private const string ErasedName = "[erased]";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task An_erased_member_loses_name_address_and_phone_as_contact_and_as_expert_also_in_the_cache_and_stored_replies()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var address = $"anna.erasmus-{unique}@gemeente.example";
        var organization = await fixture.RegisterPartnerAsync();
        var contact = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = $"Anna Erasmus {unique}", Email = "  Anna.Erasmus-" + unique + "@Gemeente.Example ", Role = "Policy adviser", Phone = "+31 6 1234 5678", RequestId = "add-" + unique }, cancellationToken: Cancel);
        var colleague = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = "Bram Blijft", Email = $"bram-{unique}@gemeente.example", Phone = "030 123 4567" }, cancellationToken: Cancel);
        await Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Purpose = ConsentPurpose.Newsletter, Given = true }, cancellationToken: Cancel);
        var registration = new RegisterExpertRequest
        {
            Name = $"Anna Erasmus {unique}",
            Email = address,
            OrganizationName = "Erasmus Advies",
            MonthlyCapacityHours = 8,
            Themes = { Theme.Waste },
            Sectors = { Sector.Government },
            Languages = { "nl" },
            RequestId = "register-" + unique,
        };
        var expert = await Manager.RegisterExpertAsync(registration, cancellationToken: Cancel);
        Assert.Equal(address, (await Manager.GetExpertAsync(new GetExpertRequest { Id = expert.Id }, cancellationToken: Cancel)).Email);

        await using (var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel))
        {
            await publisher.PublishAsync(new MemberErased { EventId = Guid.CreateVersion7(), OccurredAt = DateTimeOffset.UtcNow, MemberId = Guid.CreateVersion7(), ProfessionalId = Professionals.IdOf(address) }, Cancel);
        }

        var contacts = await Eventually.ReachesAsync(
            () => Manager.ListContactsAsync(new ListContactsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel).ResponseAsync,
            list => list.Contacts.Single(c => c.Id == contact.Id).Name == ErasedName);
        var erased = contacts.Contacts.Single(c => c.Id == contact.Id);
        Assert.Equal((string.Empty, string.Empty, string.Empty), (erased.Email, erased.Role, erased.Phone));
        Assert.True(erased.Consents.Single(c => c.Purpose == ConsentPurpose.Newsletter).Given);
        Assert.Equal(colleague, contacts.Contacts.Single(c => c.Id == colleague.Id));

        // Read through the cache, which held the expert's name and address.
        var read = await Manager.GetExpertAsync(new GetExpertRequest { Id = expert.Id }, cancellationToken: Cancel);
        Assert.Equal((ErasedName, string.Empty, string.Empty, false), (read.Name, read.Email, read.OrganizationName, read.Active));
        var found = await Manager.FindExpertsAsync(new FindExpertsRequest { Theme = Theme.Waste, PageSize = 500 }, cancellationToken: Cancel);
        Assert.DoesNotContain(found.Matches, m => m.Expert.Id == expert.Id);

        // A retry of a request about them answers without them, and is not done again.
        var retried = await Manager.RegisterExpertAsync(registration, cancellationToken: Cancel);
        Assert.DoesNotContain(unique, retried.ToString(), StringComparison.OrdinalIgnoreCase);

        // Nothing in the database names or reaches them any more: rows, stored replies, events.
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM contacts WHERE "Email" ILIKE @like OR "Name" ILIKE @like OR "Phone" = '+31 6 1234 5678')
                 + (SELECT count(*) FROM experts WHERE "Email" ILIKE @like OR "Name" ILIKE @like)
                 + (SELECT count(*) FROM idempotent_requests WHERE position(convert_to(@unique, 'UTF8') in response) > 0 AND key LIKE '%' || @unique)
                 + (SELECT count(*) FROM outbox_messages WHERE body ILIKE @like)
            """, connection);
        command.Parameters.AddWithValue("like", "%erasmus%" + unique + "%");
        command.Parameters.AddWithValue("unique", unique);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync(Cancel))!);
    }

    [Fact]
    public async Task Interaction_summaries_and_engagement_scopes_lose_the_erased_persons_names_and_address()
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        var address = $"anna.erasmus-{unique}@gemeente.example";
        var organization = await fixture.RegisterPartnerAsync();
        var contact = await Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Name = $"Anna Erasmus {unique}", Email = address }, cancellationToken: Cancel);
        var expert = await Manager.RegisterExpertAsync(new RegisterExpertRequest { Name = $"Anna van Erasmus {unique}", Email = address, MonthlyCapacityHours = 8, Themes = { Theme.Waste }, Sectors = { Sector.Government }, Languages = { "nl" } }, cancellationToken: Cancel);
        var withOrganization = await Manager.LogInteractionAsync(new LogInteractionRequest { OrganizationId = organization.Id, Kind = InteractionKind.Call, Summary = $"Called ANNA ERASMUS {unique} about the audit; Bram Blijft joins." }, cancellationToken: Cancel);
        var withExpert = await Manager.LogInteractionAsync(new LogInteractionRequest { ExpertId = expert.Id, Kind = InteractionKind.Email, Summary = $"Mailed {address}, Anna van Erasmus {unique}, the agenda." }, cancellationToken: Cancel);
        var engagement = await Manager.EngageExpertAsync(new EngageExpertRequest { ExpertId = expert.Id, OrganizationId = organization.Id, Scope = $"Anna van Erasmus {unique} coaches the team", PlannedHours = 2 }, cancellationToken: Cancel);
        // Another expert's engagement, whose ExpertEngaged (keyed to that expert) holds the contact's name.
        var other = await Manager.EngageExpertAsync(new EngageExpertRequest { ExpertId = (await fixture.RegisterExpertAsync()).Id, OrganizationId = organization.Id, Scope = $"Workshops with Anna Erasmus {unique}", PlannedHours = 2, RequestId = "other-" + unique }, cancellationToken: Cancel);

        await using (var publisher = await EventPublisher.StartAsync(fixture.RabbitMq, Cancel))
        {
            await publisher.PublishAsync(new MemberErased { EventId = Guid.CreateVersion7(), OccurredAt = DateTimeOffset.UtcNow, MemberId = Guid.CreateVersion7(), ProfessionalId = Professionals.IdOf(address) }, Cancel);
        }

        await Eventually.ReachesAsync(
            () => Manager.ListContactsAsync(new ListContactsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel).ResponseAsync,
            list => list.Contacts.Single(c => c.Id == contact.Id).Name == ErasedName);
        var ofOrganization = await Manager.ListInteractionsAsync(new ListInteractionsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);
        var ofExpert = await Manager.ListInteractionsAsync(new ListInteractionsRequest { ExpertId = expert.Id }, cancellationToken: Cancel);
        var engagements = await Manager.ListEngagementsAsync(new ListEngagementsRequest { ExpertId = expert.Id }, cancellationToken: Cancel);

        Assert.Equal($"Called {ErasedName} about the audit; Bram Blijft joins.", ofOrganization.Interactions.Single(i => i.Id == withOrganization.Id).Summary);
        Assert.Equal($"Mailed {ErasedName}, {ErasedName}, the agenda.", ofExpert.Interactions.Single(i => i.Id == withExpert.Id).Summary);
        Assert.Equal($"{ErasedName} coaches the team", engagements.Engagements.Single(e => e.Id == engagement.Id).Scope);
        var ofOrganizationEngagements = await Manager.ListEngagementsAsync(new ListEngagementsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);
        Assert.Equal($"Workshops with {ErasedName}", ofOrganizationEngagements.Engagements.Single(e => e.Id == other.Id).Scope);

        // Nor do the events (sent or not) and stored replies that carried a scope.
        await using var connection = new NpgsqlConnection(fixture.Database);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM outbox_messages WHERE body ILIKE @like)
                 + (SELECT count(*) FROM idempotent_requests WHERE position(convert_to(@unique, 'UTF8') in response) > 0 AND key LIKE '%' || @unique)
            """, connection);
        command.Parameters.AddWithValue("like", "%erasmus%" + unique + "%");
        command.Parameters.AddWithValue("unique", unique);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync(Cancel))!);
    }
}
