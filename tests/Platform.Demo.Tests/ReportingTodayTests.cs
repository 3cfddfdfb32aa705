namespace Platform.Demo.Tests;

/// <summary>The tests' expected figures count every open action as overdue: Reporting's today must follow every deadline the seed sets, whenever the tests run.</summary>
public sealed class ReportingTodayTests
{
    [Theory]
    [InlineData("2026-11-25", "2029-07-01")]
    [InlineData("2029-03-02", "2029-07-01")]
    [InlineData("2029-04-01", "2029-08-01")]
    [InlineData("2029-12-15", "2030-05-01")]
    public void Reporting_today_is_2029_07_01_unless_a_seeded_deadline_would_fall_after_it(string seedDay, string expected)
    {
        var today = DemoFixture.ReportingTodayFor(DateOnly.Parse(seedDay, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), today);
    }
}
