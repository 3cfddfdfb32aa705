using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// A gRPC status answered before a call reaches its method (authentication, authorisation, rate
/// limiting): a trailers-only response, HTTP 200 with the status and its message in the headers, so
/// the caller reads a gRPC status with its message rather than a bare HTTP status code.
/// </summary>
public static class TrailersOnlyResponse
{
    public static bool IsGrpc(HttpRequest request) =>
        request?.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    public static void Write(HttpResponse response, global::Grpc.Core.StatusCode status, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = PercentEncoded(message);
    }

    /// <summary>grpc-message is percent-encoded UTF-8: printable ASCII other than '%' stays as it is.</summary>
    private static string PercentEncoded(string message)
    {
        var text = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }
}
