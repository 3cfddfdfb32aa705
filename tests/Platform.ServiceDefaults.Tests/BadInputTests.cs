using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Platform.Contracts.Community.V1;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;
using Platform.Contracts.Reporting.V1;
using Platform.Demo;
using Platform.Hosting;
using Platform.Hosting.Testing;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Tests;

/// <summary>
/// Every method of every service, called with requests no real client should send: empty, with
/// values of the wrong shape in every field, with oversized text, and well-formed (ids, dates, times,
/// addresses) at the edges of the calendar and of the number ranges, with made-up ids and with the
/// ids of a seeded network, so a call gets past its checks into its work. Each must answer with a
/// status that names the caller's mistake (or succeed), never <c>Internal</c> or <c>Unknown</c>.
/// </summary>
public sealed class BadInputTests(SeededPlatformFixture fixture) : IClassFixture<SeededPlatformFixture>
{
    public static TheoryData<string> Requests => [.. BadRequests.Kinds];

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task No_method_answers_a_bad_request_with_Internal_or_Unknown(string request)
    {
        var failures = new List<string>();
        var calls = 0;
        foreach (var (method, invoker) in fixture.Methods())
        {
            calls++;
            var (status, _) = await fixture.CallAsync(invoker, method, BadRequests.Build(method.InputType, request, fixture.Ids));
            if (status.StatusCode is StatusCode.Internal or StatusCode.Unknown)
            {
                failures.Add($"{method.FullName}: {status.StatusCode} {status.Detail}");
            }
        }

        Assert.True(calls > 90, $"only {calls} methods called");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

/// <summary>The four services with the demo network seeded, and the ids their read methods answer with.</summary>
public sealed class SeededPlatformFixture : IAsyncLifetime
{
    private static readonly FileDescriptor[] Contracts =
        [PartnerReflection.Descriptor, ExperienceReflection.Descriptor, CommunityReflection.Descriptor, ReportingReflection.Descriptor];

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private readonly PlatformFixture _platform = new();
    private readonly List<global::Grpc.Net.Client.GrpcChannel> _channels = [];
    private readonly Dictionary<string, CallInvoker> _invokers = [];
    private int _callers;

    public IdPool Ids { get; } = new();

    private DistributedApplication App => _platform.App;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _platform.InitializeAsync();
        foreach (var contract in Contracts)
        {
            var resource = contract.Package.Split('.')[1];
            var channel = App.CreateGrpcChannel(resource);
            _channels.Add(channel);
            _invokers[contract.Package] = channel.CreateCallInvoker();
        }

        using (var clients = new DemoClients(App.GetEndpoint("partner", "grpc"), App.GetEndpoint("experience", "grpc"), App.GetEndpoint("community", "grpc"), App.Tokens.CreateOperatorToken()))
        {
            await new DemoSeeder(clients, DemoScale.Small, TimeProvider.System, TextWriter.Null).SeedAsync(Cancel);
        }

        // Read methods answer with ids; a second round reads what needs an id to list (an organization's contacts).
        foreach (var kind in new[] { "empty", BadRequests.IdsOnly })
        {
            foreach (var (method, invoker) in Methods().Where(m => m.Method.Name.StartsWith("Get", StringComparison.Ordinal) || m.Method.Name.StartsWith("List", StringComparison.Ordinal) || m.Method.Name.StartsWith("Find", StringComparison.Ordinal)))
            {
                if ((await CallAsync(invoker, method, BadRequests.Build(method.InputType, kind, Ids))).Response is { } response)
                {
                    Ids.Take(method.OutputType.Parser.ParseFrom(response));
                }
            }
        }
    }

    public IEnumerable<(MethodDescriptor Method, CallInvoker Invoker)> Methods() =>
        Contracts.SelectMany(c => c.Services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming).Select(m => (m, _invokers[c.Package])));

    public async Task<(Status Status, byte[]? Response)> CallAsync(CallInvoker invoker, MethodDescriptor method, IMessage request)
    {
        // Each call its own caller, so the per-caller rate limit on mutations never answers first.
        var token = App.Tokens.Create($"bad-input-{Interlocked.Increment(ref _callers)}", Scopes.All, TimeSpan.FromMinutes(10));
        var options = new CallOptions(new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow.AddSeconds(20), Cancel);
        var body = request.ToByteArray();
        try
        {
            if (method.IsServerStreaming)
            {
                // A watch streams until cancelled: its first message (or its refusal) is the answer.
                var streaming = new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Bytes, Bytes);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, options.WithDeadline(DateTime.UtcNow.AddSeconds(5)), body);
                await call.ResponseStream.MoveNext(Cancel);
                return (Status.DefaultSuccess, null);
            }

            var unary = new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
            return (Status.DefaultSuccess, await invoker.AsyncUnaryCall(unary, null, options, body));
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.DeadlineExceeded && method.IsServerStreaming)
        {
            return (Status.DefaultSuccess, null);
        }
        catch (RpcException error)
        {
            return (error.Status, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channels.ForEach(c => c.Dispose());
        await _platform.DisposeAsync();
    }
}

/// <summary>
/// Ids seen in answers, by what they name: a field <c>organization_id</c>, or a message's own
/// <c>id</c> under its type (<c>Organization.id</c> as <c>organization_id</c>).
/// </summary>
public sealed class IdPool
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    public void Take(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.String && !field.IsMap)
            {
                var key = field.Name == "id" ? Snake(message.Descriptor.Name) + "_id" : field.Name.TrimEnd('s');
                foreach (var text in field.IsRepeated ? ((IList)value).Cast<string>() : [(string)value])
                {
                    if (key.EndsWith("_id", StringComparison.Ordinal) && Guid.TryParse(text, out _))
                    {
                        _ids.TryAdd(key, text);
                    }
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                foreach (var nested in field.IsRepeated ? ((IList)value).Cast<IMessage>() : value is IMessage one ? [one] : [])
                {
                    Take(nested);
                }
            }
        }
    }

    /// <summary>
    /// An id for a request's field: the field's name (<c>organization_id</c>), then shorter and
    /// shorter (<c>coach_expert_id</c> as <c>expert_id</c>); a request's own <c>id</c> by the request's
    /// name without its verb (<c>GetOrganizationRequest</c> as <c>organization_id</c>). Made up when none was seen.
    /// </summary>
    public string For(FieldDescriptor field)
    {
        var name = field.Name.TrimEnd('s');
        if (name == "id")
        {
            var type = field.ContainingType.Name.Replace("Request", string.Empty, StringComparison.Ordinal);
            var entity = Array.FindIndex(type.ToCharArray(), 1, char.IsUpper);
            name = Snake(entity > 0 ? type[entity..] : type) + "_id";
        }

        for (var candidate = name; candidate.Contains('_', StringComparison.Ordinal); candidate = candidate[(candidate.IndexOf('_', StringComparison.Ordinal) + 1)..])
        {
            if (_ids.TryGetValue(candidate, out var id) || (candidate == "partner_id" && _ids.TryGetValue("organization_id", out id)))
            {
                return id;
            }
        }

        return Guid.NewGuid().ToString();
    }

    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>Requests built from a method's input descriptor, filled field by field.</summary>
internal static class BadRequests
{
    public const string IdsOnly = "the seeded network's ids, nothing else";

    private const int MaxDepth = 4;

    /// <summary>
    /// How each kind of request fills its fields. Well-formed: ids are ids (the seeded network's
    /// when <see cref="Shape.SeededIds"/>), dates, local times and time zones are valid, page tokens
    /// are left out, e-mail addresses are addresses; <see cref="Shape.Day"/> sets dates and
    /// timestamps, <see cref="Shape.Highest"/> the end of the number range taken.
    /// </summary>
    private static readonly Dictionary<string, Shape> Shapes = new()
    {
        ["wrong shape"] = new("not-a-valid-value", WellFormed: false, DateOnly.MinValue, Highest: false),
        ["oversized"] = new(new string('x', 100_000), WellFormed: false, DateOnly.MinValue, Highest: false),
        ["well-formed ids, oversized text, extreme values"] = new(new string('x', 100_000), WellFormed: true, DateOnly.MaxValue, Highest: true),
        ["well-formed, the calendar's first day"] = new("x", WellFormed: true, DateOnly.MinValue, Highest: false),
        ["well-formed, the calendar's last day"] = new("x", WellFormed: true, DateOnly.MaxValue, Highest: true),
        ["seeded ids, oversized text, extreme values"] = new(new string('x', 100_000), WellFormed: true, DateOnly.MaxValue, Highest: true, SeededIds: true),
        ["seeded ids, the calendar's first day"] = new("x", WellFormed: true, DateOnly.MinValue, Highest: false, SeededIds: true),
        ["seeded ids, the calendar's last day"] = new("x", WellFormed: true, DateOnly.MaxValue, Highest: true, SeededIds: true),

        // PostgreSQL cannot store U+0000 in text; everything else about these requests could succeed.
        ["seeded ids, text with a NUL character"] = new("a\u0000b", WellFormed: true, new DateOnly(2030, 1, 1), Highest: false, SeededIds: true),
    };

    private static readonly HashSet<string> DateFields = ["as_of", "due_on", "follow_up_on", "from", "to", "starts_on", "worked_on", "today"];

    public static IEnumerable<string> Kinds => ["empty", .. Shapes.Keys];

    public static IMessage Build(MessageDescriptor type, string kind, IdPool ids)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (kind == IdsOnly)
        {
            FillIds(message, ids);
        }
        else if (Shapes.TryGetValue(kind, out var shape))
        {
            Fill(message, shape, ids, 0);
        }

        return message;
    }

    private sealed record Shape(string Text, bool WellFormed, DateOnly Day, bool Highest, bool SeededIds = false);

    private static void FillIds(IMessage message, IdPool ids)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String && !f.IsMap && IsId(f.Name)))
        {
            if (field.IsRepeated)
            {
                ((IList)field.Accessor.GetValue(message)).Add(ids.For(field));
            }
            else
            {
                field.Accessor.SetValue(message, ids.For(field));
            }
        }
    }

    private static void Fill(IMessage message, Shape shape, IdPool ids, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var entry = field.MessageType.Fields.InFieldNumberOrder();
                if (Value(entry[0], shape, ids, depth) is { } key && Value(entry[1], shape, ids, depth) is { } value)
                {
                    map[key] = value;
                }
            }
            else if (field.IsRepeated)
            {
                if (Value(field, shape, ids, depth) is { } element)
                {
                    ((IList)field.Accessor.GetValue(message)).Add(element);
                }
            }
            else if (Value(field, shape, ids, depth) is { } value)
            {
                field.Accessor.SetValue(message, value);
            }
        }
    }

    /// <summary>A value of the field's type: one that fits no rule (text where an id or a date belongs, -1, NaN, an undefined enum value, an impossible timestamp), or a well-formed one at an edge.</summary>
    private static object? Value(FieldDescriptor field, Shape shape, IdPool ids, int depth) => field.FieldType switch
    {
        FieldType.String when shape.WellFormed => WellFormedText(field, shape, ids),
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
            Value(field.MessageType.FindFieldByName("value"), shape, ids, depth),
        FieldType.Message when depth < MaxDepth => Nested(field.MessageType, shape, ids, depth + 1),
        _ => null,
    };

    private static string WellFormedText(FieldDescriptor field, Shape shape, IdPool ids) => field.Name switch
    {
        var name when IsId(name) => shape.SeededIds ? ids.For(field) : Guid.NewGuid().ToString(),
        "page_token" => string.Empty,
        "time_zone" => "Europe/Amsterdam",
        "email" or "owner_email" => "someone@example.org",
        "starts_at_local" or "ends_at_local" => shape.Day.ToString(shape.Highest ? "yyyy-MM-dd'T23:59'" : "yyyy-MM-dd'T00:00'", CultureInfo.InvariantCulture),
        var name when DateFields.Contains(name) => shape.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => shape.Text,
    };

    private static bool IsId(string name) =>
        name == "id" || name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal);

    private static IMessage Nested(MessageDescriptor type, Shape shape, IdPool ids, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        Fill(message, shape, ids, depth);
        return message;
    }
}
