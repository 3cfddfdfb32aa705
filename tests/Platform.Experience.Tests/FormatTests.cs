using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Experience.V1;

namespace Platform.Experience.Tests;

/// <summary>The Experience Manual: the shipped formats, revisions as versions, and bad definitions.</summary>
[Collection(ExperienceServers.Name)]
public sealed class FormatTests(ExperienceFixture fixture)
{
    private const string ClimateTeamTrajectory = "6d6f7669-6574-4000-8000-000000000004";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task The_Manual_ships_the_six_formats_of_the_network()
    {
        var formats = (await Manager.ListFormatsAsync(new ListFormatsRequest(), cancellationToken: Cancel)).Formats;
        var trajectory = formats.Single(f => f.Id == ClimateTeamTrajectory);

        Assert.Superset(
            new HashSet<string> { "Climate-team trajectory", "Development trajectory", "Intrapreneur programme", "LEF-talks webinar", "Movietime screening", "Round table" },
            formats.Select(f => f.Name).ToHashSet());
        Assert.Equal(ExperienceKind.Trajectory, trajectory.Kind);
        Assert.Equal(["Diagnosis", "Planning", "Action", "Anchoring"], trajectory.Phases.Select(p => p.Name));
        Assert.Equal(4, trajectory.DefaultSessionCount);
        Assert.Equal(ExperienceKind.Screening, formats.Single(f => f.Name == "Movietime screening").Kind);
        Assert.Equal(ExperienceKind.Webinar, formats.Single(f => f.Name == "LEF-talks webinar").Kind);
        Assert.All(formats, f => Assert.All(f.Phases, p => Assert.NotEmpty(p.Steps)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_revision_without_the_version_it_read_is_InvalidArgument_naming_expected_version_and_changes_nothing(int expectedVersion)
    {
        var format = await Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition("Repair cafe " + Guid.NewGuid().ToString("N")[..6]) }, cancellationToken: Cancel);

        var error = await Assert.ThrowsAsync<RpcException>(() => Manager.ReviseFormatAsync(new ReviseFormatRequest { Id = format.Id, ExpectedVersion = expectedVersion, Definition = Definition(format.Name) }, cancellationToken: Cancel).ResponseAsync);
        var current = await Manager.GetFormatAsync(new GetFormatRequest { Id = format.Id }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["expected_version"], error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(1, current.Version);
    }

    [Fact]
    public async Task A_revision_is_a_new_version_and_an_experience_keeps_the_version_it_was_created_from()
    {
        var format = await Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition("Ecosystem walk " + Guid.NewGuid().ToString("N")[..6]) }, cancellationToken: Cancel);
        var host = await fixture.RegisterPartnerAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = format.Id, Title = "Walk in Utrecht", HostPartnerIds = { host.Id } }, cancellationToken: Cancel);

        var revisedDefinition = Definition(format.Name);
        revisedDefinition.Phases.Add(new Phase { Name = "Harvest", Steps = { new Step { Name = "Share insights", Checklist = { "Insights posted on the forum" } } } });
        var revised = await Manager.ReviseFormatAsync(new ReviseFormatRequest { Id = format.Id, ExpectedVersion = 1, Definition = revisedDefinition }, cancellationToken: Cancel);
        var stale = await Assert.ThrowsAsync<RpcException>(() => Manager.ReviseFormatAsync(new ReviseFormatRequest { Id = format.Id, ExpectedVersion = 1, Definition = revisedDefinition }, cancellationToken: Cancel).ResponseAsync);
        var first = await Manager.GetFormatAsync(new GetFormatRequest { Id = format.Id, Version = 1 }, cancellationToken: Cancel);
        var current = await Manager.GetFormatAsync(new GetFormatRequest { Id = format.Id }, cancellationToken: Cancel);
        var later = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = format.Id, Title = "Second walk", HostPartnerIds = { host.Id } }, cancellationToken: Cancel);
        var reread = await Manager.GetExperienceAsync(new GetExperienceRequest { Id = experience.Id }, cancellationToken: Cancel);

        Assert.Equal(2, revised.Version);
        Assert.Equal(revised, current);
        Assert.Equal(format, first);
        Assert.Equal(["Preparation", "Harvest"], current.Phases.Select(p => p.Name));
        Assert.Equal(StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(1, reread.FormatVersion);
        Assert.Equal(2, later.FormatVersion);
        Assert.Equal("process-manager", revised.RevisedBy);
    }

    [Fact]
    public async Task A_duplicate_name_is_AlreadyExists_and_a_bad_definition_names_every_field()
    {
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition("Round TABLE") }, cancellationToken: Cancel).ResponseAsync);
        var bad = new FormatDefinition
        {
            Name = string.Empty,
            Kind = (ExperienceKind)99,
            Phases = { new Phase { Name = "Empty" } },
            DefaultSessionCount = 0,
            DefaultCapacity = 100_001,
        };
        var invalid = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateFormatAsync(new CreateFormatRequest { Definition = bad }, cancellationToken: Cancel).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Manager.GetFormatAsync(new GetFormatRequest { Id = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(
            ["definition.name", "definition.kind", "definition.phases[0].steps", "definition.default_session_count", "definition.default_capacity", "definition.typical_duration"],
            invalid.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Formats_created_at_the_same_time_with_one_name_give_one_format_and_AlreadyExists_for_the_rest()
    {
        var name = "Repair cafe " + Guid.NewGuid().ToString("N")[..6];

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            try
            {
                // Spelled differently each time: names are compared without case and surrounding spaces.
                await Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition(i % 2 == 0 ? name : " " + name.ToUpperInvariant()) }, cancellationToken: Cancel);
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));
        var formats = (await Manager.ListFormatsAsync(new ListFormatsRequest(), cancellationToken: Cancel)).Formats;

        Assert.Single(formats, f => string.Equals(f.Name.Trim(), name, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.AlreadyExists, o));
    }

    [Fact]
    public async Task A_renamed_formats_old_name_is_free_for_a_new_format_and_its_new_name_is_taken()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var walk = await Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition("Walk " + suffix) }, cancellationToken: Cancel);
        await Manager.ReviseFormatAsync(new ReviseFormatRequest { Id = walk.Id, ExpectedVersion = 1, Definition = Definition("City walk " + suffix) }, cancellationToken: Cancel);

        var again = await Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition("Walk " + suffix) }, cancellationToken: Cancel);
        var taken = await Assert.ThrowsAsync<RpcException>(() => Manager.CreateFormatAsync(new CreateFormatRequest { Definition = Definition("City walk " + suffix) }, cancellationToken: Cancel).ResponseAsync);
        var formats = (await Manager.ListFormatsAsync(new ListFormatsRequest(), cancellationToken: Cancel)).Formats;

        Assert.NotEqual(walk.Id, again.Id);
        Assert.Equal(StatusCode.AlreadyExists, taken.StatusCode);
        Assert.Equal(("City walk " + suffix, "Walk " + suffix), (formats.Single(f => f.Id == walk.Id).Name, formats.Single(f => f.Id == again.Id).Name));
    }

    private static FormatDefinition Definition(string name) => new()
    {
        Name = name,
        Kind = ExperienceKind.RoundTable,
        Description = "Walking through the neighbourhood's climate initiatives.",
        Phases = { new Phase { Name = "Preparation", Steps = { new Step { Name = "Route", Checklist = { "Stops agreed" } } } } },
        DefaultSessionCount = 1,
        DefaultCapacity = 20,
        TypicalDuration = Duration.FromTimeSpan(TimeSpan.FromHours(2)),
    };
}
