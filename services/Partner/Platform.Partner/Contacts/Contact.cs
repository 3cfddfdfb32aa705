namespace Platform.Partner.Contacts;

/// <summary>What a contact can consent to.</summary>
public enum ConsentPurpose
{
    Newsletter,
    PhotosAndQuotes,
    SharingWithPartner,
}

/// <summary>A contact person of an organization.</summary>
public sealed class Contact
{
    private Contact()
    {
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    /// <summary>The e-mail trimmed and lower-cased: one contact per address in an organization.</summary>
    public string EmailKey { get; private set; } = string.Empty;

    public string Role { get; private set; } = string.Empty;

    public string Phone { get; private set; } = string.Empty;

    public DateTimeOffset AddedAt { get; private set; }

    public static Contact Add(Guid organizationId, string name, string email, string role, string phone, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OrganizationId = organizationId,
        Name = name.Trim(),
        Email = email.Trim(),
        EmailKey = email.Trim().ToLowerInvariant(),
        Role = role.Trim(),
        Phone = phone.Trim(),
        AddedAt = now,
    };

    /// <summary>
    /// The right to erasure: what names or reaches the person goes. The row stays, anonymous, with
    /// its consent ledger (which holds nothing of the person) and the interactions it was part of.
    /// </summary>
    public void Erase()
    {
        Name = Erasure.ProfessionalErasure.ErasedName;
        Email = string.Empty;
        // Unique per organization, and no address: another contact may be added with the old one.
        EmailKey = "erased:" + Id.ToString("N");
        Role = string.Empty;
        Phone = string.Empty;
    }
}

/// <summary>
/// One giving or withdrawal of consent, kept forever as proof: the current consent for a purpose
/// is the newest record of it.
/// </summary>
public sealed class ConsentRecord
{
    public long Id { get; private set; }

    public required Guid ContactId { get; init; }

    public required ConsentPurpose Purpose { get; init; }

    public required bool Given { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }
}
