using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Platform.ServiceDefaults.Http;

/// <summary>
/// The gRPC error convention's last rule for everything else a service serves (REST, feeds,
/// calendars): an unexpected exception answers 500 with only the trace id ("An unexpected error
/// occurred. Trace id: ..."), and ASP.NET Core logs it with that trace id. In Development, the environment the AppHost runs services in, ASP.NET
/// Core's developer exception page answered anyone, token or not, with the exception's message,
/// its stack trace and the request's headers.
/// </summary>
public static class UnexpectedErrors
{
    public static WebApplication UseUnexpectedErrors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A request the framework could not read (in Development minimal APIs throw for it) stays the caller's mistake.
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            ExceptionHandler = WriteAsync,
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var message = exception is BadHttpRequestException bad
            ? bad.Message
            : $"An unexpected error occurred. Trace id: {Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier}.";
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
