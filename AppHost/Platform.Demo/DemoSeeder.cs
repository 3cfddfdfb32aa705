namespace Platform.Demo;

/// <summary>What the seeder created: the Partner service's ids, the plans it ran and their experiences' ids by title.</summary>
public sealed record DemoSeed(NetworkIds Network, IReadOnlyList<ExperiencePlan> Experiences, IReadOnlyDictionary<string, string> ExperienceIds);

/// <summary>
/// Seeds a realistic network through the public gRPC APIs only: the network (Partner), the five
/// Experiences (Experience, run side by side), then the community (Community). Every step looks its
/// data up by a natural key before creating it, so running it again duplicates nothing.
/// </summary>
public sealed class DemoSeeder(DemoClients clients, DemoScale scale, TimeProvider time, TextWriter log)
{
    public async Task<DemoSeed> SeedAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam")).DateTime);
        await log.WriteLineAsync("Demo: partners, leads, experts, engagements and interactions...");
        var network = await new PartnerJourney(clients.Partner, today).RunAsync(cancellationToken);

        // Planned once the network is in place: the evening sessions' registration window starts now, not before the Partner journey's calls.
        var plans = DemoExperiences.Create(scale, time.GetUtcNow());
        await log.WriteLineAsync($"Demo: {plans.Count} experiences ({scale.ScreeningRegistrations} at the screening, {scale.WebinarRegistrations} at the LEF-talk; new evening sessions end {scale.RegistrationWindow.TotalMinutes:0} minutes from now, then no-shows are marked)...");
        var journey = new ExperienceJourney(clients.Experience, network, time);
        var experiences = await Task.WhenAll(plans.Select(plan => journey.RunAsync(plan, today, cancellationToken)));
        var experienceIds = plans.Zip(experiences).ToDictionary(p => p.First.Title, p => p.Second.Id, StringComparer.Ordinal);

        await log.WriteLineAsync("Demo: members, news, LinkedIn posts, forum threads and intervision groups...");
        await new CommunityJourney(clients.Community, time).RunAsync(experienceIds, plans, cancellationToken);
        await log.WriteLineAsync("Demo: done.");
        return new DemoSeed(network, plans, experienceIds);
    }
}
