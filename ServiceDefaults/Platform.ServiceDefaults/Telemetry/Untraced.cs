using OpenTelemetry;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Runs a background poll's query untraced. A poll every second that finds nothing would otherwise
/// be a trace of its own each time, several a second across the services: it buries the traces of
/// real work in the dashboard and fills its store. The work a poll finds is traced on its own.
/// OpenTelemetry also drops logs written while suppressed, so callers log outside the query.
/// </summary>
public static class Untraced
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var untraced = SuppressInstrumentationScope.Begin();
        return await query();
    }

    public static async Task RunAsync(Func<Task> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var untraced = SuppressInstrumentationScope.Begin();
        await query();
    }
}
