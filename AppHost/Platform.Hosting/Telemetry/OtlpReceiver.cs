using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// OTLP/HTTP with protobuf bodies (gzip accepted) on the OTLP port: <c>POST /v1/traces</c>,
/// <c>/v1/logs</c> and <c>/v1/metrics</c> into the <see cref="TelemetryIngest"/>. The key the
/// AppHost injects in <c>OTEL_EXPORTER_OTLP_HEADERS</c> is required.
/// </summary>
internal static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    public static void Map(WebApplication app, int port, string apiKey, TelemetryIngest ingest)
    {
        var expected = Encoding.UTF8.GetBytes(apiKey);
        foreach (var (path, signal, message) in new[]
        {
            ("/v1/traces", TelemetrySignal.Traces, "ExportTraceServiceRequest"),
            ("/v1/logs", TelemetrySignal.Logs, "ExportLogsServiceRequest"),
            ("/v1/metrics", TelemetrySignal.Metrics, "ExportMetricsServiceRequest"),
        })
        {
            app.MapPost(path, async (HttpContext context) =>
            {
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers[ApiKeyHeader].ToString()), expected))
                {
                    return Results.Problem($"Missing or wrong {ApiKeyHeader}.", statusCode: StatusCodes.Status401Unauthorized);
                }

                try
                {
                    return Results.Bytes(ingest.Accept(signal, await ReadBodyAsync(context.Request)), "application/x-protobuf");
                }
                catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
                {
                    return Results.Problem($"The body is not an OTLP {message} in protobuf: " + ex.Message, statusCode: StatusCodes.Status400BadRequest);
                }
            }).RequireHost($"*:{port}");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        Stream body = request.Body;
        if (request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        await using (body)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new InvalidDataException($"the body exceeds {MaxBodyBytes / (1024 * 1024)} MB");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
