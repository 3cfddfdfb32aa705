using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.Hosting.Api;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// OTLP/HTTP with protobuf bodies (gzip accepted) on the OTLP port: <c>POST /v1/traces</c>,
/// <c>/v1/logs</c> and <c>/v1/metrics</c> into the <see cref="TelemetryIngest"/>. The key the
/// AppHost injects in <c>OTEL_EXPORTER_OTLP_HEADERS</c> is required.
/// </summary>
internal static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const string Protobuf = "application/x-protobuf";
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    public static void Map(WebApplication app, string apiKey, TelemetryIngest ingest)
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

                if (context.Request.ContentType is { } type && !type.StartsWith(Protobuf, StringComparison.OrdinalIgnoreCase))
                {
                    return Results.Problem(
                        $"This receiver reads OTLP in protobuf ({Protobuf}), not {type}: set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.",
                        statusCode: StatusCodes.Status415UnsupportedMediaType);
                }

                try
                {
                    return Results.Bytes(ingest.Accept(signal, await ReadBodyAsync(context.Request)), Protobuf);
                }
                catch (BadHttpRequestException ex)
                {
                    return Results.Problem(ex.Message, statusCode: ex.StatusCode);
                }
                catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
                {
                    return Results.Problem($"The body is not an OTLP {message} in protobuf that can be filed: " + ex.Message, statusCode: StatusCodes.Status400BadRequest);
                }
            }).ServeOnOtlpPort();
        }
    }

    /// <summary>
    /// The body's bytes: what the stores parse and the journal keeps. A plain body of known length
    /// (the SDKs' default) is read straight into its array; a compressed one through a pooled chunk.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var compressed = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (!compressed && request.ContentLength is { } length)
        {
            if (length > MaxBodyBytes)
            {
                throw TooLarge();
            }

            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact);
            return exact;
        }

        await using var body = compressed ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The body exceeds {MaxBodyBytes / (1024 * 1024)} MB; export in smaller batches.", StatusCodes.Status413PayloadTooLarge);
}
