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

    private static void ThrowIfUnstorable(object? request)
    {
        if (request is not IMessage message)
        {
            return;
        }

        var violations = new List<FieldViolation>();
        Inspect(message, string.Empty, violations);
        if (violations.Count > 0)
        {
            throw new ValidationFailedException(violations);
        }
    }

    private static void Inspect(IMessage message, string prefix, List<FieldViolation> violations)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            // Only text and messages can hold text; reading other fields would box their values for nothing.
            if (field.FieldType is not (FieldType.String or FieldType.Message))
            {
                continue;
            }

            var name = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    Check(entry.Key, $"{name}[{entry.Key}]", violations);
                    Check(entry.Value, $"{name}[{entry.Key}]", violations);
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)value)
                {
                    Check(item, $"{name}[{index++}]", violations);
                }
            }
            else
            {
                Check(value, name, violations);
            }
        }
    }

    private static void Check(object? value, string name, List<FieldViolation> violations)
    {
        if (value is string text && text.Contains('\0', StringComparison.Ordinal))
        {
            violations.Add(new FieldViolation(name, Description));
        }
        else if (value is IMessage nested)
        {
            Inspect(nested, name + ".", violations);
        }
    }
}
