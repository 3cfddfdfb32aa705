using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Platform.ServiceDefaults.Grpc;

/// <summary>
/// A request body that is not the method's message (garbage, a truncated message, another type)
/// is <c>InvalidArgument</c> naming the cause. gRPC reads the body before any interceptor runs,
/// and answered a parser's failure <c>Unknown</c>, "Exception was thrown by handler.", logged as
/// an error: the caller's mistake looked like the service's.
/// </summary>
internal static class RequestBodyCheck
{
    /// <summary>
    /// <paramref name="method"/> with a request reader that answers a parser's failure as
    /// <c>InvalidArgument</c>; it reads as the original does, with nothing parsed twice.
    /// </summary>
    public static Method<TRequest, TResponse> Checked<TRequest, TResponse>(Method<TRequest, TResponse> method)
    {
        var read = method.RequestMarshaller.ContextualDeserializer;
        var prefix = $"The request body is not a valid {MessageName<TRequest>()}: ";
        var requests = new Marshaller<TRequest>(
            method.RequestMarshaller.ContextualSerializer,
            context =>
            {
                try
                {
                    return read(context);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, prefix + ex.Message));
                }
            });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, requests, method.ResponseMarshaller);
    }

    /// <summary>The message's protobuf name (<c>platform.partner.v1.GetOrganizationRequest</c>), as the contract names it.</summary>
    private static string MessageName<TMessage>() =>
        typeof(TMessage).GetProperty(nameof(IMessage.Descriptor), BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is MessageDescriptor descriptor
            ? descriptor.FullName
            : typeof(TMessage).Name;
}
