using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Platform.Demo;

/// <summary>
/// A refused call says which service refused which call ("Partner service, RegisterExpert:
/// PermissionDenied: ..."): the message a failed seed stops with, in the AppHost's terminal and on
/// the dashboard. The status code and trailers stay, so a step still tells AlreadyExists apart.
/// </summary>
internal sealed class NamedCalls(string service) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(NamedAsync(call.ResponseAsync, context.Method.Name), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private async Task<TResponse> NamedAsync<TResponse>(Task<TResponse> response, string method)
    {
        try
        {
            return await response;
        }
        catch (RpcException ex)
        {
            throw new RpcException(ex.Status, ex.Trailers, $"{service} service, {method}: {ex.StatusCode}: {ex.Status.Detail}");
        }
    }
}
