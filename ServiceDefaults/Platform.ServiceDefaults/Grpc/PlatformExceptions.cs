using System.Globalization;
using System.Text;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>A caller's mistake or an illegal request, mapped to its gRPC status in one place (<see cref="ErrorInterceptor"/>).</summary>
public abstract class PlatformException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>One or more fields are invalid: <c>InvalidArgument</c> with <c>google.rpc.BadRequest</c> field violations.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldViolation> violations)
    : PlatformException(Describe(violations))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    /// <summary>
    /// "The request is invalid: name: is required; email: ...": as many violations as fit in a
    /// status message (<see cref="ErrorInterceptor.MaxMessageLength"/>), then how many more there are.
    /// </summary>
    private static string Describe(IReadOnlyList<FieldViolation> violations)
    {
        const string Start = "The request is invalid: ";
        const int RoomForTheCount = 20;
        var message = new StringBuilder(Start);
        for (var i = 0; i < violations.Count; i++)
        {
            var violation = $"{violations[i].Field}: {violations[i].Description}";
            if (i > 0 && message.Length + violation.Length + 2 + (i < violations.Count - 1 ? RoomForTheCount : 0) > ErrorInterceptor.MaxMessageLength)
            {
                return message.Append(CultureInfo.InvariantCulture, $"; and {violations.Count - i} more.").ToString();
            }

            message.Append(i == 0 ? string.Empty : "; ").Append(violation);
        }

        return message.ToString();
    }
}

/// <summary>A field that failed validation and why, in words the caller can act on.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary><c>NotFound</c>: no such entity.</summary>
public sealed class NotFoundException(string entity, string id) : PlatformException($"{entity} '{id}' was not found.");

/// <summary><c>AlreadyExists</c>: a duplicate of an existing entity.</summary>
public sealed class AlreadyExistsException(string message) : PlatformException(message);

/// <summary><c>FailedPrecondition</c>: the entity's state does not allow this change.</summary>
public sealed class FailedPreconditionException(string message) : PlatformException(message);

/// <summary><c>Aborted</c>: a concurrent change won; reload and retry.</summary>
public sealed class ConcurrencyConflictException(string message) : PlatformException(message)
{
    /// <summary>
    /// Optimistic concurrency's check, after <see cref="Validation.ExpectedVersion"/> let the field
    /// through: a change based on another <paramref name="version"/> than the stored one lost a race
    /// (<c>Organization '…' is at version 3, not 2: read it again and reapply the change.</c>).
    /// <paramref name="change"/> is what the caller reapplies, in the operation's words.
    /// </summary>
    public static void ThrowIfVersionDiffers(string entity, string id, long version, long expectedVersion, string change = "change")
    {
        if (version != expectedVersion)
        {
            throw new ConcurrencyConflictException($"{entity} '{id}' is at version {version}, not {expectedVersion}: read it again and reapply the {change}.");
        }
    }
}

/// <summary><c>ResourceExhausted</c>: a limit was reached.</summary>
public sealed class LimitExceededException(string message) : PlatformException(message);

/// <summary><c>Unavailable</c>: a service this call depends on cannot be reached; nothing was changed, retry later.</summary>
public sealed class DependencyUnavailableException(string message, Exception? innerException = null) : PlatformException(message, innerException);
