namespace Platform.Hosting.Tests;

/// <summary>The console lines the engine keeps per resource: bounded in lines and in each line's length.</summary>
public sealed class ResourceLogsTests
{
    [Fact]
    public void A_line_longer_than_the_limit_is_kept_cut_saying_how_much_was_cut()
    {
        var logs = new ResourceLogs();

        logs.Write("partner", new string('x', 1_000_000));

        var line = Assert.Single(logs.Tail("partner"));
        Assert.Equal(new string('x', 16_384) + " … (983,616 more characters)", line.Text);
    }

    [Fact]
    public void A_line_of_the_limit_is_kept_whole()
    {
        var logs = new ResourceLogs();

        logs.Write("partner", new string('x', 16_384));

        Assert.Equal(new string('x', 16_384), Assert.Single(logs.Tail("partner")).Text);
    }
}
