using Google.Rpc;
using Grpc.Core;
using Platform.Contracts.Experience.V1;
using Platform.Hosting.Testing;

namespace Platform.Experience.Tests;

/// <summary>A coached trajectory: steps and phases in the manual's order, deviations, and the coach's meeting reports.</summary>
[Collection(ExperienceServers.Name)]
public sealed class TrajectoryTests(ExperienceFixture fixture)
{
    private const string ClimateTeamTrajectory = "6d6f7669-6574-4000-8000-000000000004";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ExperienceService.ExperienceServiceClient Manager => fixture.Manager;

    [Fact]
    public async Task Steps_are_done_in_order_a_skip_needs_force_and_a_reason_and_each_finished_phase_is_announced_with_what_was_skipped()
    {
        await using var phases = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:PhaseCompleted", Cancel);
        var (trajectory, _) = await CoachedTrajectoryAsync();

        var first = await CompleteAsync(trajectory, 1, 1);
        var outOfOrder = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(trajectory, 2, 1));
        var noReason = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(trajectory, 2, 1, force: true));
        var forced = await CompleteAsync(trajectory, 2, 1, force: true, reason: "The team wrote its own report");
        var twice = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(trajectory, 1, 1));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(trajectory, 9, 1));
        var read = await Manager.GetProgressAsync(new GetProgressRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel);
        var diagnosis = await phases.NextAsync(m => m.Has("experienceId", trajectory.Id), Cancel);
        var deviations = await Manager.ListDeviationsAsync(new ListDeviationsRequest { FormatId = ClimateTeamTrajectory, PageSize = 500 }, cancellationToken: Cancel);

        Assert.Equal((1, 2), (first.NextPhaseNumber, first.NextStepNumber));
        Assert.Equal(StatusCode.FailedPrecondition, outOfOrder.StatusCode);
        Assert.Contains("'Meeting report' (Diagnosis)", outOfOrder.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("reason", noReason.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(forced, read);
        Assert.Equal([StepStatus.Done, StepStatus.Skipped], read.Phases[0].Steps.Select(s => s.Status));
        Assert.Equal("The team wrote its own report", read.Phases[0].Steps[1].SkipReason);
        Assert.Equal([true, false, false, false], read.Phases.Select(p => p.Completed));
        Assert.Equal((2, 1, 5, 2, 2), (read.StepsDone, read.StepsSkipped, read.StepsOpen, read.NextPhaseNumber, read.NextStepNumber));
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal("phase_number", unknown.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
        Assert.Equal("Diagnosis", diagnosis.GetProperty("phaseName").GetString());
        Assert.Equal(["Meeting report"], diagnosis.GetProperty("skippedSteps").EnumerateArray().Select(s => s.GetString()));
        var deviation = Assert.Single(deviations.Deviations, d => d.ExperienceId == trajectory.Id);
        Assert.Equal(("Diagnosis", "Meeting report", "The team wrote its own report"), (deviation.PhaseName, deviation.StepName, deviation.Reason));
    }

    [Fact]
    public async Task Finishing_the_last_steps_completes_every_phase_and_progress_waits_for_the_experience_to_be_scheduled()
    {
        await using var phases = await EventSubscriber.BindAsync(fixture.RabbitMq, "Platform.Contracts.Events:PhaseCompleted", Cancel);
        var (trajectory, _) = await CoachedTrajectoryAsync();
        var host = await fixture.RegisterPartnerAsync();
        var draft = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = ClimateTeamTrajectory, Title = "Not yet planned", HostPartnerIds = { host.Id } }, cancellationToken: Cancel);

        Progress progress = null!;
        for (var phase = 1; phase <= 4; phase++)
        {
            for (var step = 1; step <= 2; step++)
            {
                progress = await CompleteAsync(trajectory, phase, step);
            }
        }

        var announced = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            announced.Add((await phases.NextAsync(m => m.Has("experienceId", trajectory.Id), Cancel)).GetProperty("phaseName").GetString()!);
        }

        var inDraft = await Assert.ThrowsAsync<RpcException>(() => CompleteAsync(draft, 1, 1));

        Assert.All(progress.Phases, p => Assert.True(p.Completed));
        Assert.Equal((8, 0, 0, 0), (progress.StepsDone, progress.StepsOpen, progress.NextPhaseNumber, progress.NextStepNumber));
        Assert.Equal(["Diagnosis", "Planning", "Action", "Anchoring"], announced);
        Assert.Equal(StatusCode.FailedPrecondition, inDraft.StatusCode);
    }

    [Fact]
    public async Task The_coach_writes_a_report_of_a_session_that_took_place_and_a_rewrite_replaces_it()
    {
        var (trajectory, coach) = await CoachedTrajectoryAsync();
        var outsider = await fixture.RegisterExpertAsync();
        var held = trajectory.Sessions[0];
        var ahead = trajectory.Sessions[1];

        var first = await Manager.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = held.Id, AuthorExpertId = coach.Id, Body = "Diagnosis: energy and paper are the hot spots." }, cancellationToken: Cancel);
        var rewrite = await Manager.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = held.Id, AuthorExpertId = coach.Id, Body = "Diagnosis: energy, paper and mobility are the hot spots." }, cancellationToken: Cancel);
        var notTheCoach = await Assert.ThrowsAsync<RpcException>(() => Manager.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = held.Id, AuthorExpertId = outsider.Id, Body = "Mine" }, cancellationToken: Cancel).ResponseAsync);
        var tooEarly = await Assert.ThrowsAsync<RpcException>(() => Manager.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = ahead.Id, AuthorExpertId = coach.Id, Body = "Planning" }, cancellationToken: Cancel).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => Manager.WriteMeetingReportAsync(new WriteMeetingReportRequest { SessionId = held.Id, AuthorExpertId = coach.Id }, cancellationToken: Cancel).ResponseAsync);
        var reports = await Manager.ListMeetingReportsAsync(new ListMeetingReportsRequest { ExperienceId = trajectory.Id }, cancellationToken: Cancel);

        Assert.Equal((1, 2), (first.Revision, rewrite.Revision));
        Assert.Equal(rewrite, Assert.Single(reports.Reports));
        Assert.Equal("Diagnosis: energy, paper and mobility are the hot spots.", reports.Reports[0].Body);
        Assert.Equal(1, reports.Reports[0].SessionSequence);
        Assert.Equal(StatusCode.FailedPrecondition, notTheCoach.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, tooEarly.StatusCode);
        Assert.Equal("body", empty.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    /// <summary>A scheduled climate-team trajectory with a coach: its first workshop took place, the second is ahead.</summary>
    private async Task<(Contracts.Experience.V1.Experience Trajectory, Contracts.Partner.V1.Expert Coach)> CoachedTrajectoryAsync()
    {
        var host = await fixture.RegisterPartnerAsync();
        var coach = await fixture.RegisterExpertAsync();
        var experience = await Manager.CreateExperienceAsync(new CreateExperienceRequest { FormatId = ClimateTeamTrajectory, Title = "Climate team Gemeente Houten", HostPartnerIds = { host.Id }, FacilitatorExpertIds = { coach.Id }, Location = "Town hall" }, cancellationToken: Cancel);
        foreach (var (starts, ends) in new[] { ("2026-02-03T09:00", "2026-02-03T12:30"), (NextYear.At("03-03T09:00"), NextYear.At("03-03T12:30")) })
        {
            await Manager.AddSessionAsync(new AddSessionRequest { ExperienceId = experience.Id, StartsAtLocal = starts, EndsAtLocal = ends, TimeZone = "Europe/Amsterdam", Location = "Town hall" }, cancellationToken: Cancel);
        }

        return (await Manager.ScheduleExperienceAsync(new ChangeExperienceRequest { Id = experience.Id }, cancellationToken: Cancel), coach);
    }

    private async Task<Progress> CompleteAsync(Contracts.Experience.V1.Experience experience, int phase, int step, bool force = false, string reason = "") =>
        await Manager.CompleteStepAsync(new CompleteStepRequest { ExperienceId = experience.Id, PhaseNumber = phase, StepNumber = step, Force = force, Reason = reason }, cancellationToken: Cancel);
}
