namespace Platform.Messaging.Tests;

/// <summary>Polls until a condition holds, failing with the last observed value after a timeout.</summary>
internal static class Eventually
{
    public static async Task<T> ReachesAsync<T>(Func<Task<T>> observe, Func<T, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await observe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {timeout.TotalSeconds} s; last observed: {Describe(value)}");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static string Describe<T>(T value) => value is System.Collections.ICollection collection ? $"{collection.Count} item(s)" : value?.ToString() ?? "null";
}
