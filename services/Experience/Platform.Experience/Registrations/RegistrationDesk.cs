using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Experience.Data;
using Platform.ServiceDefaults.Data;
using Proto = Platform.Contracts.Experience.V1;

namespace Platform.Experience.Registrations;

/// <summary>
/// Takes registrations for the same session (or series) in groups: while one group is being
/// registered, those arriving line up and go in the next group, up to <see cref="MaxGroup"/>, in
/// one transaction (one read, one seat claim, one insert, one commit), seated and waitlisted in
/// the order they came. A group that fails as a whole (someone in it already registered, the
/// experience closed) is registered again one applicant at a time, so each caller gets the answer
/// their registration gets alone. A caller who gives up still gets registered.
/// </summary>
public sealed class RegistrationDesk(IServiceScopeFactory scopes)
{
    public const int MaxGroup = 100;

    // One line per session or series registered for since the service started (a few bytes each).
    private readonly ConcurrentDictionary<(Guid Experience, Guid? Session), Line> _lines = new();

    public Task<Proto.Registration> RegisterAsync(Guid experienceId, Guid? sessionId, Professional professional, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(new Applicant(professional));
        var line = _lines.GetOrAdd((experienceId, sessionId), key => new Line(key.Experience, key.Session));
        if (line.Join(waiting))
        {
            // The group's work runs on its own, in the trace of its first caller.
            _ = Task.Run(() => ServeAsync(line), CancellationToken.None);
        }

        return waiting.Answer.Task.WaitAsync(cancellationToken);
    }

    private async Task ServeAsync(Line line)
    {
        for (var group = line.NextGroup(); group.Count > 0; group = line.NextGroup())
        {
            if (!await TryEnrolAsync(line, group))
            {
                foreach (var one in group)
                {
                    await TryEnrolAsync(line, [one]);
                }
            }
        }
    }

    /// <summary>False when a group of several failed; a lone applicant always gets an answer.</summary>
    private async Task<bool> TryEnrolAsync(Line line, IReadOnlyList<Waiting> group)
    {
        var previous = Activity.Current;
        Activity.Current = group[0].Applicant.Call;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ExperienceDbContext>();
            await using var transaction = await db.BeginAllOrNothingAsync(CancellationToken.None);
            var answers = await scope.ServiceProvider.GetRequiredService<Enrolment>()
                .EnrolAsync(line.ExperienceId, line.SessionId, [.. group.Select(w => w.Applicant)], CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Answer.TrySetResult(answers[i]);
            }

            return true;
        }
        catch (Exception ex) when (group.Count == 1)
        {
            group[0].Answer.TrySetException(ex);
            return true;
        }
        catch (Exception) when (group.Count > 1)
        {
            return false;
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    private sealed record Waiting(Applicant Applicant)
    {
        public TaskCompletionSource<Proto.Registration> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The applicants waiting for one session or series, and whether someone serves them.</summary>
    private sealed class Line(Guid experienceId, Guid? sessionId)
    {
        private readonly Lock _gate = new();
        private readonly List<Waiting> _waiting = [];
        private bool _served;

        public Guid ExperienceId => experienceId;

        public Guid? SessionId => sessionId;

        /// <summary>True when nobody serves the line yet: the caller must start serving it.</summary>
        public bool Join(Waiting waiting)
        {
            lock (_gate)
            {
                _waiting.Add(waiting);
                var start = !_served;
                _served = true;
                return start;
            }
        }

        /// <summary>The next group in arrival order; empty (and the line unserved) when nobody waits.</summary>
        public List<Waiting> NextGroup()
        {
            lock (_gate)
            {
                var count = Math.Min(MaxGroup, _waiting.Count);
                _served = count > 0;
                var group = _waiting.GetRange(0, count);
                _waiting.RemoveRange(0, count);
                return group;
            }
        }
    }
}
