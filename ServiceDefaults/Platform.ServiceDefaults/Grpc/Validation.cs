using System.Net.Mail;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// Collects field violations of one request, then throws them together:
/// <c>new Validation().Required("name", r.Name).MaxLength("name", r.Name, 200).ThrowIfInvalid();</c>
/// </summary>
public sealed class Validation
{
    public const int MaxPageSize = 500;
    private readonly List<FieldViolation> _violations = [];

    public bool IsValid => _violations.Count == 0;

    public Validation Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    public Validation Required(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? Add(field, "is required") : this;

    public Validation MaxLength(string field, string? value, int maxLength) =>
        value is not null && value.Length > maxLength ? Add(field, $"must be at most {maxLength} characters (is {value.Length})") : this;

    /// <summary>
    /// A bare address (<c>name@example.org</c>). <see cref="MailAddress"/> also accepts a display name
    /// (<c>Jane &lt;jane@example.org&gt;</c>); stored as given, that spelling would make a second
    /// person of the same address (professional ids, duplicate checks), so it is refused.
    /// </summary>
    public Validation Email(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return this;
        }

        var address = value.Trim();
        return MailAddress.TryCreate(address, out var parsed) && parsed.Address == address
            ? this
            : Add(field, "is not a valid e-mail address (give the bare address, such as name@example.org)");
    }

    public Validation PageSize(string field, int pageSize) =>
        pageSize is < 0 or > MaxPageSize ? Add(field, $"must be between 0 and {MaxPageSize} (0 means the default)") : this;

    /// <summary>
    /// The version a change was based on (optimistic concurrency): versions start at 1, so 0 (the
    /// field left out) or less is the request's mistake, not a conflict to resolve by reading again.
    /// The comparison with the stored version is <see cref="ConcurrencyConflictException.ThrowIfVersionDiffers"/>.
    /// </summary>
    public Validation ExpectedVersion(string field, long version) =>
        version < 1 ? Add(field, "must be the version read (1 or more)") : this;

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationFailedException(_violations);
        }
    }
}
