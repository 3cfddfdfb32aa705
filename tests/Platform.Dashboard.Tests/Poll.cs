namespace Platform.Dashboard.Tests;

/// <summary>Waits for telemetry that arrives asynchronously (the services export every second).</summary>
internal static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, int seconds = 30)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    public static Task<T> UntilAsync<T>(Func<T?> probe, string what, int seconds = 30)
        where T : class =>
        UntilAsync(() => Task.FromResult(probe()), what, seconds);
}
