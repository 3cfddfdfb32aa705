using System.Security.Cryptography;
using System.Text;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Partner.V1;
using Platform.Hosting.Testing;

namespace Platform.Partner.Tests;

/// <summary>Contacts of organizations and their consent per purpose.</summary>
[Collection(PartnerServers.Name)]
public sealed class ContactTests(PartnerFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private PartnerService.PartnerServiceClient Manager => fixture.Manager;

    private async Task<Contact> AddContactAsync(Organization organization, string? email = null) =>
        await Manager.AddContactAsync(new AddContactRequest
        {
            OrganizationId = organization.Id,
            Name = "Sanne de Vries",
            Email = email ?? Guid.NewGuid().ToString("N")[..10] + "@gemeente.example",
            Role = "Sustainability officer",
            Phone = "+31 30 123 45 67",
        }, cancellationToken: Cancel);

    [Fact]
    public async Task Consent_is_recorded_per_purpose_with_time_and_author_and_announced_only_when_it_changes()
    {
        await using var events = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:ContactConsentChanged", Cancel);
        var organization = await fixture.RegisterPartnerAsync();
        var contact = await AddContactAsync(organization, "  Sanne.de.Vries@Gemeente.Example ");

        var given = await Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Purpose = ConsentPurpose.Newsletter, Given = true }, cancellationToken: Cancel);
        var withdrawn = await Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Purpose = ConsentPurpose.Newsletter, Given = false }, cancellationToken: Cancel);
        var again = await Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Purpose = ConsentPurpose.Newsletter, Given = false }, cancellationToken: Cancel);
        await Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Purpose = ConsentPurpose.PhotosAndQuotes, Given = true }, cancellationToken: Cancel);
        var first = await events.NextAsync(m => m.Has("contactId", contact.Id), Cancel);
        var second = await events.NextAsync(m => m.Has("contactId", contact.Id), Cancel);
        var third = await events.NextAsync(m => m.Has("contactId", contact.Id), Cancel);
        var listed = (await Manager.ListContactsAsync(new ListContactsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel)).Contacts.Single();

        Assert.Equal([false, false, false], contact.Consents.Select(c => c.Given));
        Assert.All(contact.Consents, c => Assert.Null(c.RecordedAt));
        Assert.True(given.Consents.Single(c => c.Purpose == ConsentPurpose.Newsletter).Given);
        var newsletter = withdrawn.Consents.Single(c => c.Purpose == ConsentPurpose.Newsletter);
        Assert.False(newsletter.Given);
        Assert.Equal("community-manager", newsletter.RecordedBy);
        Assert.True(newsletter.RecordedAt > given.Consents.Single(c => c.Purpose == ConsentPurpose.Newsletter).RecordedAt);
        Assert.Equal(withdrawn, again);
        Assert.Equal(
            [ConsentPurpose.Newsletter, ConsentPurpose.PhotosAndQuotes, ConsentPurpose.SharingWithPartner],
            listed.Consents.Select(c => c.Purpose));
        Assert.Equal([false, true, false], listed.Consents.Select(c => c.Given));
        Assert.Equal(("Newsletter", true), (first.GetProperty("purpose").GetString(), first.GetProperty("given").GetBoolean()));
        Assert.Equal(("Newsletter", false), (second.GetProperty("purpose").GetString(), second.GetProperty("given").GetBoolean()));
        Assert.Equal(("PhotosAndQuotes", true), (third.GetProperty("purpose").GetString(), third.GetProperty("given").GetBoolean()));
        Assert.Equal(organization.Id, first.GetProperty("organizationId").GetString());
        var expectedId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sanne.de.vries@gemeente.example")));
        Assert.Equal(expectedId, first.GetProperty("professionalId").GetString());
    }

    [Fact]
    public async Task The_same_email_twice_in_one_organization_is_AlreadyExists_and_in_another_is_fine()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var other = await fixture.RegisterPartnerAsync();
        var contact = await AddContactAsync(organization);

        var error = await Assert.ThrowsAsync<RpcException>(() => AddContactAsync(organization, contact.Email.ToUpperInvariant()));
        var elsewhere = await AddContactAsync(other, contact.Email);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains(contact.Email.ToUpperInvariant(), error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(other.Id, elsewhere.OrganizationId);
    }

    [Fact]
    public async Task Bad_contacts_and_consents_get_clear_errors_and_change_nothing()
    {
        var organization = await fixture.RegisterPartnerAsync();
        var contact = await AddContactAsync(organization);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => Manager.AddContactAsync(new AddContactRequest { OrganizationId = organization.Id, Email = "not-an-address", Role = new string('r', 101), Phone = "call me" }, cancellationToken: Cancel).ResponseAsync);
        var unknownOrganization = await Assert.ThrowsAsync<RpcException>(() => AddContactAsync(new Organization { Id = Guid.NewGuid().ToString() }));
        var noPurpose = await Assert.ThrowsAsync<RpcException>(() => Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = contact.Id, Given = true }, cancellationToken: Cancel).ResponseAsync);
        var unknownContact = await Assert.ThrowsAsync<RpcException>(() => Manager.RecordConsentAsync(new RecordConsentRequest { ContactId = Guid.NewGuid().ToString(), Purpose = ConsentPurpose.Newsletter, Given = true }, cancellationToken: Cancel).ResponseAsync);
        var listed = await Manager.ListContactsAsync(new ListContactsRequest { OrganizationId = organization.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["name", "email", "role", "phone"], invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.NotFound, unknownOrganization.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noPurpose.StatusCode);
        Assert.Equal("purpose", noPurpose.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.NotFound, unknownContact.StatusCode);
        Assert.Equal(contact, listed.Contacts.Single());
    }
}
