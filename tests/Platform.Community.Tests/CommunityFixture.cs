using Grpc.Core;
using Grpc.Core.Interceptors;
using Npgsql;
using Platform.Contracts.Community.V1;
using Platform.Contracts.Experience.V1;
using Platform.Contracts.Partner.V1;
using Platform.Hosting;
using Platform.Hosting.Testing;

namespace Platform.Community.Tests;

/// <summary>
/// The Community service with the Partner and Experience services whose events it learns from,
/// their real servers, and the fake LinkedIn its channel posts to; once for these tests.
/// </summary>
public sealed class CommunityFixture : IAsyncLifetime
{
    private const string Movietime = "6d6f7669-6574-4000-8000-000000000001";

    /// <summary>The contract's largest page.</summary>
    public const int MaxPageSize = 500;

    public DistributedApplication App { get; private set; } = null!;

    public FakeLinkedIn LinkedIn { get; private set; } = null!;

    public string RabbitMq => App.GetConnectionString("rabbitmq");

    public string Redis => App.GetConnectionString("redis");

    /// <summary>The community manager, and the website acting for members.</summary>
    public CommunityService.CommunityServiceClient Community { get; private set; } = null!;

    /// <summary>The process manager: runs experiences.</summary>
    public ExperienceService.ExperienceServiceClient Experiences { get; private set; } = null!;

    public PartnerService.PartnerServiceClient Partners { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        LinkedIn = await FakeLinkedIn.StartAsync();
        var builder = DistributedApplicationTestingBuilder.Create();
        var redis = builder.AddRedis("redis");
        var rabbitmq = builder.AddRabbitMQ("rabbitmq");
        var postgres = builder.AddPostgres("postgres");
        var partnerDb = postgres.AddDatabase("partnerdb");
        var experienceDb = postgres.AddDatabase("experiencedb");
        var communityDb = postgres.AddDatabase("communitydb");
        var partner = Limitless(builder.AddProject<Projects.Platform_Partner>("partner")
            .WithReference(partnerDb).WithReference(redis).WithReference(rabbitmq).WaitFor(partnerDb).WaitFor(redis).WaitFor(rabbitmq));
        Limitless(builder.AddProject<Projects.Platform_Experience>("experience")
            .WithReference(experienceDb).WithReference(redis).WithReference(rabbitmq).WithReference(partner).WaitFor(experienceDb).WaitFor(redis).WaitFor(rabbitmq));
        Limitless(builder.AddProject<Projects.Platform_Community>("community")
            .WithReference(communityDb).WithReference(redis).WithReference(rabbitmq).WaitFor(communityDb).WaitFor(redis).WaitFor(rabbitmq)
            .WithEnvironment("Community__News__SchedulerInterval", "00:00:00.500")
            .WithEnvironment("Community__News__FeedMaxAge", "00:00:10")
            .WithEnvironment("Community__LinkedIn__BaseUrl", LinkedIn.BaseUrl.AbsoluteUri)
            .WithEnvironment("Community__LinkedIn__AccessToken", FakeLinkedIn.Token)
            .WithEnvironment("Community__LinkedIn__OrganizationUrn", FakeLinkedIn.Organization)
            .WithEnvironment("Community__LinkedIn__PollInterval", "00:00:00.200")
            .WithEnvironment("Community__LinkedIn__RequestTimeout", "00:00:03")
            .WithEnvironment("Community__LinkedIn__RetryDelays__0", "00:00:00.200")
            .WithEnvironment("Community__LinkedIn__RetryDelays__1", "00:00:00.200")
            .WithEnvironment("Community__LinkedIn__RetryDelays__2", "00:00:00.200")
            .WithEnvironment("Community__LinkedIn__RetryDelays__3", "00:00:00.200"));
        App = builder.Build();
        await App.StartAsync(TestContext.Current.CancellationToken);
        foreach (var service in new[] { "partner", "experience", "community" })
        {
            await App.WaitForResourceHealthyAsync(service, TestContext.Current.CancellationToken);
        }

        Community = new CommunityService.CommunityServiceClient(Invoker(App, "community", ["community.read", "community.write"]));
        Experiences = new ExperienceService.ExperienceServiceClient(Invoker(App, "experience", ["experience.read", "experience.write"]));
        Partners = new PartnerService.PartnerServiceClient(Invoker(App, "partner", ["partner.read", "partner.write"]));
    }

    /// <summary>A scheduled screening with one session, hosted by a new Partner.</summary>
    public async Task<Contracts.Experience.V1.Experience> ScheduleScreeningAsync(string title = "Movietime")
    {
        var cancel = TestContext.Current.CancellationToken;
        var host = await Partners.RegisterOrganizationAsync(new RegisterOrganizationRequest { Name = "Gemeente " + Guid.NewGuid().ToString("N")[..8], Sector = Sector.Government, Region = "Utrecht" }, cancellationToken: cancel);
        foreach (var stage in new[] { Stage.Contacted, Stage.Proposal, Stage.Partner })
        {
            await Partners.ChangeStageAsync(new ChangeStageRequest { Id = host.Id, ToStage = stage }, cancellationToken: cancel);
        }

        var experience = await Experiences.CreateExperienceAsync(new CreateExperienceRequest { FormatId = Movietime, Title = title + " " + Guid.NewGuid().ToString("N")[..6], HostPartnerIds = { host.Id }, Location = "Utrecht", Capacity = 500 }, cancellationToken: cancel);
        await Experiences.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = "2027-09-01T19:30", EndsAtLocal = "2027-09-01T22:00", TimeZone = "Europe/Amsterdam", Location = "Tivoli, Utrecht" }, cancellationToken: cancel);
        return await Experiences.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: cancel);
    }

    /// <summary>Registers a professional for the screening through the Experience service.</summary>
    public async Task RegisterAsync(Contracts.Experience.V1.Experience experience, string email, string name, string role) =>
        await Experiences.RegisterAsync(new RegisterRequest { ExperienceId = experience.Id, SessionId = experience.Sessions[0].Id, FullName = name, Email = email, OrganizationName = "Gemeente Utrecht", Role = role }, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Waits until the Community service has learnt <paramref name="count"/> participants of the experience, and reads them all.</summary>
    public async Task<IReadOnlyList<Participant>> ParticipantsAsync(string experienceId, int count) =>
        await Eventually.ReachesAsync(() => AllParticipantsAsync(new ListParticipantsRequest { ExperienceId = experienceId, PageSize = MaxPageSize }), p => p.Count == count);

    /// <summary>
    /// Makes <paramref name="count"/> members participants of the experience, written as the registrations'
    /// consumer writes them (registering that many through the Experience service would take a test far too
    /// long): "Deelnemer 00000 van de filmavond" and on, the names in another order than their rows.
    /// </summary>
    public async Task AddParticipantsAsync(Guid experienceId, int count) =>
        await QueryAsync(
            """
            WITH made AS (
                INSERT INTO members ("Id", "ProfessionalId", "FullName", "Email", "OrganizationName", "Role", "Interests", "NewsletterConsent", "Source", "ExperienceId", "JoinedAt", "Version")
                SELECT gen_random_uuid(), encode(sha256(convert_to($1::text || i, 'UTF8')), 'hex'), format('Deelnemer %s van de filmavond', lpad(((i * 7919) % $2)::text, 5, '0')),
                       format('deelnemer.%s.%s@example.nl', i, $1::text), 'Gemeente Utrecht', 'Policy adviser', '{}', false, 'Registration', $1, now(), 1
                FROM generate_series(1, $2) AS i
                RETURNING "Id", "Role")
            INSERT INTO experience_participants ("RegistrationId", "ExperienceId", "MemberId", "Role", "RegisteredAt")
            SELECT gen_random_uuid(), $1, "Id", "Role", now() FROM made
            """,
            experienceId,
            count);

    /// <summary>Every page of the list, from the request's page on.</summary>
    public async Task<List<Participant>> AllParticipantsAsync(ListParticipantsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = new List<Participant>();
        do
        {
            var page = await Community.ListParticipantsAsync(request, cancellationToken: TestContext.Current.CancellationToken);
            all.AddRange(page.Participants);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    /// <summary>Whether the Community service's inbox holds <paramref name="messageId"/>: a consumer took it in.</summary>
    public async Task<bool> ConsumedAsync(Guid messageId) =>
        (bool)(await QueryAsync("SELECT EXISTS (SELECT 1 FROM inbox_messages WHERE message_id = $1)", messageId))!;

    /// <summary>
    /// Runs a statement in the Community service's database ($1, $2 ... for the values) and returns
    /// the first column of its first row: for a state the API cannot make, such as what an earlier
    /// version or configuration of the service left behind.
    /// </summary>
    public async Task<object?> QueryAsync(string sql, params object[] values)
    {
        await using var connection = await OpenDatabaseAsync();
        return await QueryAsync(connection, sql, values);
    }

    /// <summary>As <see cref="QueryAsync(string, object[])"/>, on a connection of the test's own (in its transaction, if one is open).</summary>
    public static async Task<object?> QueryAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>A connection to the Community service's database, for a test that holds a lock in it.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(App.GetConnectionString("communitydb"));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>
    /// The database session (its process id) that waits for a lock the session <paramref name="pid"/>
    /// holds, once one does; null if <paramref name="unless"/> finishes first: how a test knows a
    /// request is held up exactly where it means to hold it.
    /// </summary>
    public async Task<int?> WaitingForAsync(int pid, Task? unless = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (unless is not { IsCompleted: true })
        {
            if (await QueryAsync("SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid)) LIMIT 1", pid) is int waiting)
            {
                return waiting;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing waited for a lock of database session {pid} within 30 s.");
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return null;
    }

    /// <summary>A new member who signed up, with a unique e-mail address.</summary>
    public async Task<Member> SignUpAsync(string name = "Sam", string role = "Policy adviser") =>
        await Community.SignUpAsync(new SignUpRequest { FullName = name, Email = $"{name.ToLowerInvariant().Replace(' ', '.')}.{Guid.NewGuid():N}@example.nl", OrganizationName = "Gemeente Utrecht", Role = role }, cancellationToken: TestContext.Current.CancellationToken);

    public static CallInvoker Invoker(DistributedApplication app, string service, string[] scopes)
    {
        var token = app.Tokens.Create("community-manager", scopes, TimeSpan.FromHours(1));
        return app.CreateGrpcChannel(service).CreateCallInvoker().Intercept(metadata =>
        {
            metadata.Add("Authorization", "Bearer " + token);
            return metadata;
        });
    }

    /// <summary>The tests make many changes at once; the limiter has its own test in ServiceDefaults.</summary>
    public static IResourceBuilder<ProjectResource> Limitless(IResourceBuilder<ProjectResource> project) => project
        .WithEnvironment("RateLimiting__Mutations__PerSecond", "10000")
        .WithEnvironment("RateLimiting__Mutations__Burst", "10000");

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await LinkedIn.DisposeAsync();
    }
}

/// <summary>One Community service (with Partner and Experience) for every test class: they start once.</summary>
[CollectionDefinition(Name)]
public sealed class CommunityServers : ICollectionFixture<CommunityFixture>
{
    public const string Name = "community";
}
