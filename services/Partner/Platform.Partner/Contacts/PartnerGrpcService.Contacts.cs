using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Events;
using Platform.Partner.Contacts;
using Platform.ServiceDefaults.Data;
using Platform.ServiceDefaults.Grpc;
using Platform.ServiceDefaults.Messaging.Outbox;
using Platform.ServiceDefaults.RateLimiting;
using Platform.ServiceDefaults.Security;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner;

/// <summary>Contacts of organizations and their consent per purpose.</summary>
public sealed partial class PartnerGrpcService
{
    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Contact> AddContact(Proto.AddContactRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var organizationId = Fields.RequiredId(validation, "organization_id", request.OrganizationId).GetValueOrDefault();
        ContactMessages.Validate(validation, request);
        validation.ThrowIfInvalid();
        return await Requests.RunOnceAsync(context.Caller(), request.RequestId, nameof(AddContact), async cancellationToken =>
        {
            await LoadOrganizationAsync(organizationId, cancellationToken);
            var contact = Contact.Add(organizationId, request.Name, request.Email, request.Role, request.Phone, calendar.Now());
            Db.Contacts.Add(contact);
            await Db.SaveOrRejectAsync($"The organization already has a contact with e-mail '{contact.Email}'.", "The contact was added at the same time by another request.", cancellationToken);
            return ContactMessages.ToProto(contact, []);
        }, context.CancellationToken);
    }

    [Authorize(Scopes.PartnerRead)]
    public override async Task<Proto.ListContactsResponse> ListContacts(Proto.ListContactsRequest request, ServerCallContext context)
    {
        var organizationId = Fields.Id("organization_id", request.OrganizationId);
        await LoadOrganizationAsync(organizationId, context.CancellationToken);
        var contacts = await Db.Contacts.AsNoTracking().Where(c => c.OrganizationId == organizationId).OrderBy(c => c.Name).ThenBy(c => c.Id).ToListAsync(context.CancellationToken);
        var ids = contacts.Select(c => c.Id).ToList();
        var records = (await Db.ConsentRecords.AsNoTracking().Where(r => ids.Contains(r.ContactId)).ToListAsync(context.CancellationToken)).ToLookup(r => r.ContactId);
        var response = new Proto.ListContactsResponse();
        response.Contacts.AddRange(contacts.Select(c => ContactMessages.ToProto(c, records[c.Id])));
        return response;
    }

    [Authorize(Scopes.PartnerWrite)]
    [EnableRateLimiting(MutationRateLimiting.Policy)]
    public override async Task<Proto.Contact> RecordConsent(Proto.RecordConsentRequest request, ServerCallContext context)
    {
        var validation = new Validation();
        var contactId = Fields.RequiredId(validation, "contact_id", request.ContactId).GetValueOrDefault();
        var purpose = ContactMessages.ToPurpose(request.Purpose);
        validation.MaxLength("request_id", request.RequestId, Fields.RequestIdLimit);
        if (purpose is null)
        {
            validation.Add("purpose", "must be one of CONSENT_PURPOSE_NEWSLETTER, CONSENT_PURPOSE_PHOTOS_AND_QUOTES, CONSENT_PURPOSE_SHARING_WITH_PARTNER");
        }

        validation.ThrowIfInvalid();
        var caller = context.Caller();
        return await Requests.RunOnceAsync(caller, request.RequestId, nameof(RecordConsent), async cancellationToken =>
        {
            // Locking the contact orders concurrent consent changes, so each event states a real change.
            var contact = await Db.Contacts.FromSql($"SELECT * FROM contacts WHERE \"Id\" = {contactId} FOR UPDATE").AsNoTracking().SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Contact", request.ContactId);
            var records = await Db.ConsentRecords.Where(r => r.ContactId == contactId).ToListAsync(cancellationToken);
            var current = records.Where(r => r.Purpose == purpose).MaxBy(r => r.Id);
            if (current is not null && current.Given == request.Given)
            {
                return ContactMessages.ToProto(contact, records);
            }

            var record = new ConsentRecord { ContactId = contactId, Purpose = purpose!.Value, Given = request.Given, RecordedAt = calendar.Now(), RecordedBy = caller };
            Db.ConsentRecords.Add(record);
            Db.AddEvent(new ContactConsentChanged
            {
                EventId = Guid.CreateVersion7(),
                OccurredAt = record.RecordedAt,
                ContactId = contact.Id,
                OrganizationId = contact.OrganizationId,
                ProfessionalId = Professionals.IdOf(contact.Email),
                Purpose = record.Purpose.ToString(),
                Given = record.Given,
            }, contact.Id);
            await Db.SaveChangesAsync(cancellationToken);
            return ContactMessages.ToProto(contact, [.. records, record]);
        }, context.CancellationToken);
    }
}
