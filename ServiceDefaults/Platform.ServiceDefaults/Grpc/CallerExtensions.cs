using Grpc.Core;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>Who is calling a gRPC method.</summary>
public static class CallerExtensions
{
    /// <summary>The token's subject: recorded in histories and revisions, and scoping request ids.</summary>
    public static string Caller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().User.FindFirst("sub")?.Value ?? "anonymous";
    }
}
