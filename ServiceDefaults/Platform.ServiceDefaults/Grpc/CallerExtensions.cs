using Grpc.Core;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>Who is calling a gRPC method.</summary>
public static class CallerExtensions
{
    /// <summary>
    /// The token's subject: recorded in histories and revisions, and scoping request ids. Authorisation
    /// has refused a token without one (<see cref="CallerRequirement"/>); it is never "anonymous",
    /// which every such token would have shared.
    /// </summary>
    public static string Caller(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetHttpContext().User.FindFirst(CallerRequirement.ClaimType)?.Value
            ?? throw new InvalidOperationException("The call has no caller: Caller() is for methods that need authorisation, which refuses a token without a sub claim.");
    }
}
