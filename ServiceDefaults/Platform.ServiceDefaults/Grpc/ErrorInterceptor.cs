using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// The gRPC error convention, in one place: platform exceptions become their status
/// (validation with <c>google.rpc.BadRequest</c> field violations); anything unexpected becomes
/// <c>Internal</c> carrying only the trace id, and is logged with it.
/// </summary>
public sealed partial class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    /// <summary>
    /// The longest status message answered; longer ones (a message quoting oversized input) are cut.
    /// The status travels in HTTP/2 headers, and a client refuses headers beyond its limit (64 KB
    /// for .NET) as a broken response: the caller saw <c>Unavailable</c>, which the platform's
    /// clients retry, for its own mistake.
    /// </summary>
    public const int MaxMessageLength = 1_000;

    /// <summary>The most field violations answered in the <c>google.rpc.BadRequest</c> detail, each cut as messages are.</summary>
    public const int MaxViolationsAnswered = 50;

    private const int MaxFieldLength = 100;
    private const int MaxDescriptionLength = 200;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToRpcException(ex, context);
        }
    }

    private RpcException ToRpcException(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case ValidationFailedException validation:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(validation.Violations.Take(MaxViolationsAnswered).Select(v => new BadRequest.Types.FieldViolation
                {
                    Field = Cut(v.Field, MaxFieldLength),
                    Description = Cut(v.Description, MaxDescriptionLength),
                }));
                return new Google.Rpc.Status
                {
                    Code = (int)Code.InvalidArgument,
                    Message = Cut(validation.Message, MaxMessageLength),
                    Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
                }.ToRpcException();
            case NotFoundException:
                return Simple(StatusCode.NotFound, exception.Message);
            case AlreadyExistsException:
                return Simple(StatusCode.AlreadyExists, exception.Message);
            case FailedPreconditionException:
                return Simple(StatusCode.FailedPrecondition, exception.Message);
            case ConcurrencyConflictException:
                return Simple(StatusCode.Aborted, exception.Message);
            case DbUpdateConcurrencyException:
                return Simple(StatusCode.Aborted, "The entity was changed by someone else since it was read; reload it and retry.");
            case LimitExceededException:
                return Simple(StatusCode.ResourceExhausted, exception.Message);
            case DependencyUnavailableException:
                return Simple(StatusCode.Unavailable, exception.Message);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Simple(StatusCode.Cancelled, "The call was cancelled.");
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? context.GetHttpContext().TraceIdentifier;
                LogUnexpected(logger, exception, context.Method, traceId);
                return Simple(StatusCode.Internal, $"An unexpected error occurred. Trace id: {traceId}.");
        }
    }

    private static RpcException Simple(StatusCode code, string message) => new(new global::Grpc.Core.Status(code, Cut(message, MaxMessageLength)));

    /// <summary>At most <paramref name="length"/> characters, ending in an ellipsis when cut (never between the halves of a surrogate pair).</summary>
    private static string Cut(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var kept = char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1;
        return string.Concat(text.AsSpan(0, kept), "…");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in {Method} (trace id {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}
