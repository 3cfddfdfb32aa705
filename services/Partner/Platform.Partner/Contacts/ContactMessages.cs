using Google.Protobuf.WellKnownTypes;
using Platform.ServiceDefaults.Grpc;
using Proto = Platform.Contracts.Partner.V1;

namespace Platform.Partner.Contacts;

/// <summary>Between the contract's contact messages and the domain.</summary>
public static class ContactMessages
{
    public const int NameLimit = 200;
    public const int EmailLimit = 254;
    public const int RoleLimit = 100;
    public const int PhoneLimit = 40;

    /// <summary>Adds the request's violations, other than its organization id's, to <paramref name="validation"/>.</summary>
    public static void Validate(Validation validation, Proto.AddContactRequest request)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(request);
        validation
            .MaxLength("request_id", request.RequestId, Fields.RequestIdLimit)
            .Required("name", request.Name).MaxLength("name", request.Name, NameLimit)
            .Required("email", request.Email).MaxLength("email", request.Email, EmailLimit).Email("email", request.Email.Trim())
            .MaxLength("role", request.Role, RoleLimit)
            .MaxLength("phone", request.Phone, PhoneLimit);
        if (!string.IsNullOrWhiteSpace(request.Phone) && !request.Phone.Trim().All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
        {
            validation.Add("phone", "may hold only digits, spaces, +, -, ( and )");
        }
    }

    public static ConsentPurpose? ToPurpose(Proto.ConsentPurpose purpose) => purpose switch
    {
        Proto.ConsentPurpose.Newsletter => ConsentPurpose.Newsletter,
        Proto.ConsentPurpose.PhotosAndQuotes => ConsentPurpose.PhotosAndQuotes,
        Proto.ConsentPurpose.SharingWithPartner => ConsentPurpose.SharingWithPartner,
        _ => null,
    };

    public static Proto.ConsentPurpose ToProto(ConsentPurpose purpose) => (Proto.ConsentPurpose)((int)purpose + 1);

    /// <summary>The contact with its current consent for every purpose (the newest record of each).</summary>
    public static Proto.Contact ToProto(Contact contact, IEnumerable<ConsentRecord> records)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var current = records.GroupBy(r => r.Purpose).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Id)!);
        var message = new Proto.Contact
        {
            Id = contact.Id.ToString(),
            OrganizationId = contact.OrganizationId.ToString(),
            Name = contact.Name,
            Email = contact.Email,
            Role = contact.Role,
            Phone = contact.Phone,
            AddedAt = Timestamp.FromDateTimeOffset(contact.AddedAt),
        };
        foreach (var purpose in System.Enum.GetValues<ConsentPurpose>())
        {
            var consent = new Proto.Consent { Purpose = ToProto(purpose) };
            if (current.TryGetValue(purpose, out var record))
            {
                consent.Given = record.Given;
                consent.RecordedAt = Timestamp.FromDateTimeOffset(record.RecordedAt);
                consent.RecordedBy = record.RecordedBy;
            }

            message.Consents.Add(consent);
        }

        return message;
    }
}
