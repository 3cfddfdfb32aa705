using Grpc.Core;
using Platform.Contracts.Experience.V1;

namespace Platform.Demo;

/// <summary>
/// Runs one <see cref="ExperiencePlan"/> through the Experience service: created (or found by its
/// title among its first host's experiences), sessions added, scheduled, every registrant
/// registered, attendance checked in and, after the sessions ended, no-shows marked; then
/// <see cref="ExperienceFollowUp"/>. An experience found Completed was seeded before and is left alone.
/// </summary>
public sealed class ExperienceJourney(ExperienceService.ExperienceServiceClient experiences, NetworkIds ids, TimeProvider time)
{
    private const string TimeZone = "Europe/Amsterdam";

    public async Task<Experience> RunAsync(ExperiencePlan plan, DateOnly today, CancellationToken cancellationToken)
    {
        var experience = await FindOrCreateAsync(plan, cancellationToken);
        if (experience.Status == ExperienceStatus.Completed)
        {
            return experience;
        }

        experience = await ScheduleAsync(plan, experience, cancellationToken);
        var registrations = await RegisterAsync(plan, experience, cancellationToken);
        await AttendAsync(plan, experience, registrations, cancellationToken);
        if (experience.Status == ExperienceStatus.Scheduled)
        {
            experience = await experiences.StartExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: cancellationToken);
        }

        await new ExperienceFollowUp(experiences, ids).RunAsync(plan, experience, today, cancellationToken);
        return await experiences.CompleteExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: cancellationToken);
    }

    private async Task<Experience> FindOrCreateAsync(ExperiencePlan plan, CancellationToken cancellationToken)
    {
        var host = ids.Organization(plan.Hosts[0]);
        var listed = await Paging.AllAsync(async token =>
        {
            var page = await experiences.ListExperiencesAsync(new ListExperiencesRequest { PartnerId = host, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Experiences.AsEnumerable(), page.NextPageToken);
        });
        var found = listed.FirstOrDefault(e => e.Title == plan.Title && e.Status != ExperienceStatus.Cancelled);
        if (found is not null)
        {
            return found;
        }

        var request = new CreateExperienceRequest { FormatId = plan.FormatId.ToString(), Title = plan.Title, IsOnline = plan.IsOnline, Location = plan.Location, Capacity = plan.Registrants.Count };
        request.HostPartnerIds.AddRange(plan.Hosts.Select(ids.Organization));
        request.FacilitatorExpertIds.AddRange(plan.Facilitators.Select(ids.Expert));
        return await experiences.CreateExperienceAsync(request, cancellationToken: cancellationToken);
    }

    private async Task<Experience> ScheduleAsync(ExperiencePlan plan, Experience experience, CancellationToken cancellationToken)
    {
        foreach (var session in plan.Sessions.Where(s => experience.Sessions.All(x => x.Title != s.Title)))
        {
            await experiences.AddSessionAsync(new AddSessionRequest
            {
                ExperienceId = experience.Id,
                Title = session.Title,
                StartsAtLocal = Local(session.StartsAt),
                EndsAtLocal = Local(session.StartsAt + session.Length),
                TimeZone = TimeZone,
                Location = plan.IsOnline ? string.Empty : plan.Location,
                OnlineUrl = plan.IsOnline ? plan.Location : string.Empty,
            }, cancellationToken: cancellationToken);
        }

        if (experience.Status == ExperienceStatus.Draft)
        {
            return await experiences.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: cancellationToken);
        }

        return await experiences.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: cancellationToken);
    }

    /// <summary>Registers whoever is not registered yet, a few at a time; answers the registrations by e-mail.</summary>
    private async Task<Dictionary<string, Registration>> RegisterAsync(ExperiencePlan plan, Experience experience, CancellationToken cancellationToken)
    {
        var registered = await RegistrationsAsync(experience.Id, cancellationToken);
        var sessionId = plan.RegistersForSeries ? string.Empty : experience.Sessions[0].Id;
        var missing = plan.Registrants.Where(p => !registered.ContainsKey(p.Email)).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (person, token) =>
        {
            var request = new RegisterRequest { ExperienceId = experience.Id, SessionId = sessionId, FullName = person.FullName, Email = person.Email, OrganizationName = person.Organization, Role = person.Role };
            if (plan.Hosts.Contains(person.Organization))
            {
                request.OrganizationId = ids.Organization(person.Organization);
            }

            await experiences.RegisterAsync(request, cancellationToken: token);
        });
        return missing.Count == 0 ? registered : await RegistrationsAsync(experience.Id, cancellationToken);
    }

    private async Task<Dictionary<string, Registration>> RegistrationsAsync(string experienceId, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, Registration>(StringComparer.OrdinalIgnoreCase);
        var registrations = await Paging.AllAsync(async token =>
        {
            var page = await experiences.ListRegistrationsAsync(new ListRegistrationsRequest { ExperienceId = experienceId, PageSize = Paging.PageSize, PageToken = token }, cancellationToken: cancellationToken);
            return (page.Registrations.AsEnumerable(), page.NextPageToken);
        });
        foreach (var registration in registrations.Where(r => r.Status != RegistrationStatus.Cancelled))
        {
            all[registration.Email] = registration;
        }

        return all;
    }

    /// <summary>Checks in each session's attendees; once the sessions have ended, the rest are no-shows.</summary>
    private async Task AttendAsync(ExperiencePlan plan, Experience experience, Dictionary<string, Registration> registrations, CancellationToken cancellationToken)
    {
        foreach (var session in plan.Sessions)
        {
            var sessionId = experience.Sessions.Single(s => s.Title == session.Title).Id;
            var checkIn = new CheckInManyRequest { SessionId = sessionId };
            checkIn.RegistrationIds.AddRange(session.Attendees.Select(p => registrations[p.Email].Id));
            try
            {
                await experiences.CheckInManyAsync(checkIn, cancellationToken: cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
            {
                // Attendance was closed by an earlier run: its check-ins and no-shows stand.
            }
        }

        var lastEnd = experience.Sessions.Max(s => s.EndsAt.ToDateTimeOffset());
        var wait = lastEnd - time.GetUtcNow() + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        foreach (var session in experience.Sessions)
        {
            await experiences.MarkNoShowsAsync(new MarkNoShowsRequest { SessionId = session.Id }, cancellationToken: cancellationToken);
        }
    }

    private static string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(TimeZone)).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
