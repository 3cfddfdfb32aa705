using Google.Protobuf;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Benchmarks;

/// <summary>OTLP trace exports shaped like the services' own: spans of two services with a handful of attributes each.</summary>
internal static class OtlpPayloads
{
    /// <summary>
    /// One export of <paramref name="spans"/> spans in traces of <paramref name="perTrace"/> (a root,
    /// its children, their children), with ids of its own, as an SDK's exports have.
    /// </summary>
    public static ExportTraceServiceRequest Traces(int spans, int perTrace, DateTimeOffset start)
    {
        var scopes = new[] { new ScopeSpans(), new ScopeSpans() };
        var random = new Random();
        var traceId = ByteString.Empty;
        var parents = new List<ByteString>();
        for (var i = 0; i < spans; i++)
        {
            if (i % perTrace == 0)
            {
                traceId = Bytes(random, 16);
                parents.Clear();
            }

            var spanId = Bytes(random, 8);
            var offset = (ulong)(i % perTrace) * 10_000;
            var begin = (ulong)start.ToUnixTimeMilliseconds() * 1_000_000 + offset;
            var span = new Span
            {
                TraceId = traceId,
                SpanId = spanId,
                ParentSpanId = parents.Count == 0 ? ByteString.Empty : parents[Math.Min(parents.Count - 1, (i % perTrace) / 100)],
                Name = i % 2 == 0 ? "POST /platform.partner.v1.PartnerService/GetOrganization" : "postgresql",
                Kind = i % 2 == 0 ? Span.Types.SpanKind.Server : Span.Types.SpanKind.Client,
                StartTimeUnixNano = begin,
                EndTimeUnixNano = begin + 2_000_000 + (ulong)random.Next(5_000_000),
                Status = new Status { Code = Status.Types.StatusCode.Unset },
                Attributes =
                {
                    Text("rpc.system", "grpc"), Text("rpc.service", "platform.partner.v1.PartnerService"), Text("rpc.method", "GetOrganization"),
                    Text("server.address", "localhost"), Text("url.scheme", "http"), Text("network.protocol.version", "2"),
                },
            };
            if (parents.Count < 101 && (i % perTrace) < 101)
            {
                parents.Add(spanId);
            }

            scopes[i % 2].Spans.Add(span);
        }

        return new ExportTraceServiceRequest
        {
            ResourceSpans = { Service("partner", scopes[0]), Service("experience", scopes[1]) },
        };
    }

    public static string TraceIdOf(ExportTraceServiceRequest request) =>
        Convert.ToHexStringLower(request.ResourceSpans[0].ScopeSpans[0].Spans[0].TraceId.Span);

    private static ResourceSpans Service(string name, ScopeSpans spans) => new()
    {
        Resource = new Resource { Attributes = { Text("service.name", name), Text("service.instance.id", name + "-bench") } },
        ScopeSpans = { spans },
    };

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ByteString Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }
}
