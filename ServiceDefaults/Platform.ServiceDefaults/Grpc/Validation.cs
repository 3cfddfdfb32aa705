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

    public Validation Email(string field, string? value) =>
        !string.IsNullOrEmpty(value) && !MailAddress.TryCreate(value, out _) ? Add(field, "is not a valid e-mail address") : this;

    public Validation PageSize(string field, int pageSize) =>
        pageSize is < 0 or > MaxPageSize ? Add(field, $"must be between 0 and {MaxPageSize} (0 means the default)") : this;

    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            throw new ValidationFailedException(_violations);
        }
    }
}
