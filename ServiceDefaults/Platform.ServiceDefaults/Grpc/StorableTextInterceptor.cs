using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// Refuses a request whose text PostgreSQL cannot store: the NUL character (U+0000) in any string
/// field, nested, repeated and map fields included, as field violations naming each field
/// (<c>tags[1]</c>, <c>phases[0].name</c>). Without it such a call failed at the database and
/// answered <c>Internal</c>. Runs inside <see cref="ErrorInterceptor"/>, which turns the violations
/// into <c>InvalidArgument</c>.
/// </summary>
public sealed class StorableTextInterceptor : Interceptor
{
    private const string Description = "must not contain the NUL character (U+0000)";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ThrowIfUnstorable(request);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ThrowIfUnstorable(request);
        return continuation(request, responseStream, context);
    }

    /// <summary>
    /// On every call: a scan that builds nothing (no list, no field paths); only a request that
    /// holds a NUL is walked again to name its fields.
    /// </summary>
    private static void ThrowIfUnstorable(object? request)
    {
        if (request is IMessage message && Inspect(message, string.Empty, null))
        {
            var violations = new List<FieldViolation>();
            Inspect(message, string.Empty, violations);
            throw new ValidationFailedException(violations);
        }
    }

    /// <summary>
    /// Whether <paramref name="message"/> holds a NUL. Without <paramref name="violations"/> it stops
    /// at the first; with them it adds one per field that holds one, named under <paramref name="prefix"/>.
    /// </summary>
    private static bool Inspect(IMessage message, string prefix, List<FieldViolation>? violations)
    {
        var found = false;
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            // Only text and messages can hold text; reading other fields would box their values for nothing.
            if (field.FieldType is not (FieldType.String or FieldType.Message))
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    found |= Check(entry.Key, prefix, field.Name, entry.Key, violations);
                    found |= Check(entry.Value, prefix, field.Name, entry.Key, violations);
                }
            }
            else if (field.IsRepeated)
            {
                var items = (IList)value;
                for (var i = 0; i < items.Count; i++)
                {
                    found |= Check(items[i], prefix, field.Name, i, violations);
                }
            }
            else
            {
                found |= Check(value, prefix, field.Name, null, violations);
            }

            if (found && violations is null)
            {
                return true;
            }
        }

        return found;
    }

    private static bool Check(object? value, string prefix, string field, object? index, List<FieldViolation>? violations)
    {
        if (value is string text)
        {
            if (!text.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }

            violations?.Add(new FieldViolation(Path(prefix, field, index), Description));
            return true;
        }

        return value is IMessage nested && Inspect(nested, violations is null ? prefix : Path(prefix, field, index) + ".", violations);
    }

    private static string Path(string prefix, string field, object? index) =>
        index is null ? prefix + field : $"{prefix}{field}[{index}]";
}
