namespace Platform.Experience.Tests;

/// <summary>Polls until what an event makes true shows (consumers take an event in within about a second).</summary>
internal static class Eventually
{
    public static async Task<T> ReachesAsync<T>(Func<Task<T>> observe, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await observe();
            if (condition(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached in time; last observed: {value}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
