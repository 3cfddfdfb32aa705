using Grpc.Core;

namespace Platform.Experience.Tests;

/// <summary>Calls whose refusal is an outcome a test compares, not a failure.</summary>
internal static class Calls
{
    /// <summary>The answer of a call, or the status it was refused with.</summary>
    public static async Task<(T? Answer, StatusCode Status)> OutcomeAsync<T>(AsyncUnaryCall<T> call)
        where T : class
    {
        try
        {
            return (await call.ResponseAsync, StatusCode.OK);
        }
        catch (RpcException ex)
        {
            return (null, ex.StatusCode);
        }
    }
}
