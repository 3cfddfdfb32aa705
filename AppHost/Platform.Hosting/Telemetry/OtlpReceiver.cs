using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Platform.Hosting.Telemetry.Otlp;

namespace Platform.Hosting.Telemetry;

/// <summary>
/// OTLP/HTTP with protobuf bodies (gzip accepted) on the OTLP port: <c>POST /v1/traces</c> into the
/// <see cref="TraceStore"/>. The key the AppHost injects in <c>OTEL_EXPORTER_OTLP_HEADERS</c> is required.
/// Logs and metrics are received once the dashboard stores them.
/// </summary>
internal static class OtlpReceiver
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    public static void Map(WebApplication app, int port, string apiKey, TraceStore traces)
    {
        var expected = Encoding.UTF8.GetBytes(apiKey);
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers[ApiKeyHeader].ToString()), expected))
            {
                return Results.Problem($"Missing or wrong {ApiKeyHeader}.", statusCode: StatusCodes.Status401Unauthorized);
            }

            ExportTraceServiceRequest request;
            try
            {
                request = ExportTraceServiceRequest.Parser.ParseFrom(await ReadBodyAsync(context.Request));
            }
            catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
            {
                return Results.Problem("The body is not an OTLP ExportTraceServiceRequest in protobuf: " + ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            traces.Add(request);
            return Results.Bytes(new ExportTraceServiceResponse().ToByteArray(), "application/x-protobuf");
        }).RequireHost($"*:{port}");
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
