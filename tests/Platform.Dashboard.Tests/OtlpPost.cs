using System.Net.Http.Headers;
using Google.Protobuf;
using Platform.Hosting;

namespace Platform.Dashboard.Tests;

/// <summary>Posts OTLP exports to an application's receiver, as an SDK does.</summary>
internal static class OtlpPost
{
    /// <summary>A protobuf export (gzip when the body is, with its encoding said) with <paramref name="key"/>, or none.</summary>
    public static HttpRequestMessage Request(string path, byte[] body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (key is not null)
        {
            request.Headers.Add("x-otlp-api-key", key);
        }

        if (body.Length > 2 && body[0] == 0x1f && body[1] == 0x8b)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        return request;
    }

    /// <summary>Sends <paramref name="export"/> to <paramref name="path"/> of the app's receiver with the key the app injects.</summary>
    public static async Task<HttpResponseMessage> SendAsync(DistributedApplication app, string path, IMessage export)
    {
        using var otlp = new HttpClient { BaseAddress = new Uri($"http://localhost:{app.Options.OtlpPort}") };
        using var request = Request(path, export.ToByteArray(), app.Options.OtlpApiKey);
        return await otlp.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
