using System.Diagnostics;

namespace Platform.Hosting.Orchestration;

/// <summary>What the AppHost prints: progress, one line per resource once all are up, changes after that.</summary>
internal sealed class ConsoleReporter(DistributedApplication application, TextWriter output) : IDisposable
{
    private readonly Stopwatch _clock = new();
    private CancellationTokenSource? _watching;

    public void Starting()
    {
        _clock.Restart();
        output.WriteLine($"Platform AppHost: starting {application.Resources.Count} resources (data in {application.Options.DataDirectory})");
    }

    public void Started()
    {
        output.WriteLine($"All {application.Resources.Count} resources healthy after {_clock.Elapsed.TotalSeconds:F1} s:");
        output.WriteLine();
        foreach (var line in Table(application.ResourceNotifications.GetAll()))
        {
            output.WriteLine(line);
        }

        output.WriteLine();
        output.WriteLine($"Dashboard login: {application.LoginUrl}");
        foreach (var rabbit in application.Resources.OfType<RabbitMQServerResource>())
        {
            output.WriteLine($"RabbitMQ management ({rabbit.Name}): {rabbit.ManagementEndpoint.Url}  user {RabbitMQServerResource.UserName}, password in {Path.Combine(application.Options.DataDirectory, rabbit.Name, "password")}");
        }

        output.WriteLine($"Operator token (all scopes, 12 h; more from POST /api/tokens): {application.Tokens.CreateOperatorToken(caller: "console")}");
        output.WriteLine("Press Ctrl+C to stop.");
        _watching = new CancellationTokenSource();
        _ = PrintChangesAsync(_watching.Token);
    }

    public static void Failed(ResourceStartException failure) => Console.Error.WriteLine($"error: {failure.Message}");

    public void Stopping()
    {
        _watching?.Cancel();
        _clock.Restart();
        output.WriteLine("Stopping all resources...");
    }

    public void Dispose() => _watching?.Dispose();

    public void Stopped() => output.WriteLine($"Stopped in {_clock.Elapsed.TotalSeconds:F1} s.");

    public static IEnumerable<string> Table(IReadOnlyList<ResourceSnapshot> resources)
    {
        var width = Math.Max(4, resources.Select(r => r.Name.Length).DefaultIfEmpty(0).Max()) + 2;
        yield return $"  {"NAME".PadRight(width)}{"TYPE",-18}{"STATE",-10}{"HEALTH",-10}URL";
        foreach (var r in resources)
        {
            var urls = string.Join("  ", r.Endpoints.Select(e => r.Endpoints.Count == 1 ? e.Url : $"{e.Name}={e.Url}"));
            yield return $"  {r.Name.PadRight(width)}{r.Type,-18}{r.State,-10}{r.Health?.ToString() ?? "-",-10}{urls}";
        }
    }

    private async Task PrintChangesAsync(CancellationToken cancellationToken)
    {
        var last = application.ResourceNotifications.GetAll().ToDictionary(s => s.Name, s => (s.State, s.Health));
        try
        {
            await foreach (var s in application.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (last.TryGetValue(s.Name, out var previous) && previous == (s.State, s.Health))
                {
                    continue;
                }

                last[s.Name] = (s.State, s.Health);
                var restarts = s.RestartCount > 0 ? $" restarts={s.RestartCount}" : string.Empty;
                output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {s.Name}: {s.State}{(s.Health is { } h ? "/" + h : string.Empty)}{restarts}{(s.StateMessage is { } m ? " - " + m : string.Empty)}");
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
