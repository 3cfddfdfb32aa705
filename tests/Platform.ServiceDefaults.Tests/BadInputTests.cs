using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;
using Platform.Contracts.Reporting.V1;
using Platform.Hosting.Testing;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Tests;

/// <summary>
/// Every method of every service, called with requests no real client should send: empty, with
/// values of the wrong shape in every field, with oversized text, and well-formed (ids, dates, times,
/// addresses) at the edges of the calendar and of the number ranges, so a call gets past its checks.
/// Each must answer with a
/// status that names the caller's mistake (or succeed), never <c>Internal</c> or <c>Unknown</c>.
/// </summary>
public sealed class BadInputTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly FileDescriptor[] Contracts =
        [PartnerReflection.Descriptor, ExperienceReflection.Descriptor, CommunityReflection.Descriptor, ReportingReflection.Descriptor];

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Requests => [.. BadRequests.Kinds];

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task No_method_answers_a_bad_request_with_Internal_or_Unknown(string request)
    {
        var failures = new List<string>();
        var calls = 0;
        foreach (var contract in Contracts)
        {
            var resource = contract.Package.Split('.')[1];
            await fixture.App.WaitForResourceHealthyAsync(resource, Cancel);
            using var channel = fixture.App.CreateGrpcChannel(resource);
            var invoker = channel.CreateCallInvoker();
            foreach (var method in contract.Services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming))
            {
                // Each call its own caller, so the per-caller rate limit on mutations never answers first.
                var token = fixture.App.Tokens.Create($"bad-input-{calls++}", Scopes.All, TimeSpan.FromMinutes(10));
                var body = BadRequests.Build(method.InputType, request).ToByteArray();
                var status = await CallAsync(invoker, method, body, token);
                if (status.StatusCode is StatusCode.Internal or StatusCode.Unknown)
                {
                    failures.Add($"{method.FullName}: {status.StatusCode} {status.Detail}");
                }
            }
        }

        Assert.True(calls > 90, $"only {calls} methods called");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<Status> CallAsync(CallInvoker invoker, MethodDescriptor method, byte[] body, string token)
    {
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(20), Cancel);
        try
        {
            if (method.IsServerStreaming)
            {
                // A watch streams until cancelled: its first message (or its refusal) is the answer.
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Bytes, Bytes);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, options.WithDeadline(DateTime.UtcNow.AddSeconds(5)), body);
                await call.ResponseStream.MoveNext(Cancel);
                return Status.DefaultSuccess;
            }

            var unary = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
            await invoker.AsyncUnaryCall(unary, null, options, body);
            return Status.DefaultSuccess;
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.DeadlineExceeded && method.IsServerStreaming)
        {
            return Status.DefaultSuccess;
        }
        catch (RpcException error)
        {
            return error.Status;
        }
    }
}

/// <summary>Requests built from a method's input descriptor, filled field by field.</summary>
internal static class BadRequests
{
    private const int MaxDepth = 4;

    public static IMessage Build(MessageDescriptor type, string kind)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (Shapes.TryGetValue(kind, out var shape))
        {
            Fill(message, shape, 0);
        }

        return message;
    }

    /// <summary>
    /// How each kind of request fills its fields. Well-formed: ids are ids, dates, local times and time
    /// zones are valid, page tokens are left out, e-mail addresses are addresses; <see cref="Shape.Day"/>
    /// sets dates and timestamps, <see cref="Shape.Highest"/> the end of the number range taken.
    /// </summary>
    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["wrong shape"] = new("not-a-valid-value", WellFormed: false, DateOnly.MinValue, Highest: false),
        ["oversized"] = new(new string('x', 100_000), WellFormed: false, DateOnly.MinValue, Highest: false),
        ["well-formed ids, oversized text, extreme values"] = new(new string('x', 100_000), WellFormed: true, DateOnly.MaxValue, Highest: true),
        ["well-formed, the calendar's first day"] = new("x", WellFormed: true, DateOnly.MinValue, Highest: false),
        ["well-formed, the calendar's last day"] = new("x", WellFormed: true, DateOnly.MaxValue, Highest: true),
    };

    public static IEnumerable<string> Kinds => ["empty", .. Shapes.Keys];

    private static readonly HashSet<string> DateFields = ["as_of", "due_on", "follow_up_on", "from", "to", "starts_on", "worked_on", "today"];

    private sealed record Shape(string Text, bool WellFormed, DateOnly Day, bool Highest);

    private static void Fill(IMessage message, Shape shape, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var entry = field.MessageType.Fields.InFieldNumberOrder();
                if (Value(entry[0], shape, depth) is { } key && Value(entry[1], shape, depth) is { } value)
                {
                    map[key] = value;
                }
            }
            else if (field.IsRepeated)
            {
                if (Value(field, shape, depth) is { } element)
                {
                    ((IList)field.Accessor.GetValue(message)).Add(element);
                }
            }
            else if (Value(field, shape, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }
    }

    /// <summary>A value of the field's type: one that fits no rule (text where an id or a date belongs, -1, NaN, an undefined enum value, an impossible timestamp), or a well-formed one at an edge.</summary>
    private static object? Value(FieldDescriptor field, Shape shape, int depth) => field.FieldType switch
    {
        FieldType.String when shape.WellFormed => WellFormedText(field.Name, shape),
        FieldType.String => shape.Text,
        FieldType.Bytes => ByteString.CopyFromUtf8(shape.Text),
        FieldType.Bool => true,
        FieldType.Double => !shape.WellFormed ? double.NaN : shape.Highest ? double.MaxValue : double.MinValue,
        FieldType.Float => !shape.WellFormed ? float.NaN : shape.Highest ? float.MaxValue : float.MinValue,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => !shape.WellFormed ? -1 : shape.Highest ? int.MaxValue : int.MinValue,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => !shape.WellFormed ? -1L : shape.Highest ? long.MaxValue : long.MinValue,
        FieldType.UInt32 or FieldType.Fixed32 => shape.Highest ? uint.MaxValue : 0u,
        FieldType.UInt64 or FieldType.Fixed64 => shape.Highest ? ulong.MaxValue : 0ul,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, !shape.WellFormed ? 999 : field.EnumType.Values[shape.Highest ? ^1 : Math.Min(1, field.EnumType.Values.Count - 1)].Number),
        FieldType.Message when field.MessageType.FullName == "google.protobuf.Timestamp" => shape.WellFormed
            ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(shape.Day.ToDateTime(shape.Highest ? new TimeOnly(23, 59, 59) : TimeOnly.MinValue), TimeSpan.Zero))
            : new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = -1_000_000_000_000, Nanos = -1 },
        // A wrapper (an optional scalar) is set as its value.
        FieldType.Message when field.MessageType.File.Package == "google.protobuf" && field.MessageType.Name.EndsWith("Value", StringComparison.Ordinal) =>
            Value(field.MessageType.FindFieldByName("value"), shape, depth),
        FieldType.Message when depth < MaxDepth => Nested(field.MessageType, shape, depth + 1),
        _ => null,
    };

    private static string WellFormedText(string name, Shape shape) => name switch
    {
        _ when name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal) => Guid.NewGuid().ToString(),
        "page_token" => string.Empty,
        "time_zone" => "Europe/Amsterdam",
        "email" or "owner_email" => "someone@example.org",
        "starts_at_local" or "ends_at_local" => shape.Day.ToString(shape.Highest ? "yyyy-MM-dd'T23:59'" : "yyyy-MM-dd'T00:00'", System.Globalization.CultureInfo.InvariantCulture),
        _ when DateFields.Contains(name) => shape.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        _ => shape.Text,
    };

    private static IMessage Nested(MessageDescriptor type, Shape shape, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        Fill(message, shape, depth);
        return message;
    }
}
