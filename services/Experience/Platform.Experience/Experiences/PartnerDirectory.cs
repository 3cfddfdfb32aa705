using Grpc.Core;
using Platform.Contracts.Partner.V1;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Experience.Experiences;

/// <summary>
/// Asks the Partner service whether the hosts and experts of an experience may take part: a host
/// must exist and be at stage Partner, an expert must exist and be active. The answers become
/// this service's errors; any other answer of the Partner service is <c>Unavailable</c>.
/// </summary>
public sealed partial class PartnerDirectory(PartnerService.PartnerServiceClient partners, ILogger<PartnerDirectory> logger)
{
    public async Task CheckHostsAsync(IEnumerable<Guid> partnerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partnerIds);
        foreach (var id in partnerIds)
        {
            var organization = await AskAsync(() => partners.GetOrganizationAsync(new GetOrganizationRequest { Id = id.ToString() }, cancellationToken: cancellationToken).ResponseAsync, "Partner", id, cancellationToken);
            if (organization.Stage != Stage.Partner)
            {
                throw new FailedPreconditionException($"'{organization.Name}' is at stage {organization.Stage}, not Partner: only Partners host experiences.");
            }
        }
    }

    public async Task CheckExpertsAsync(IEnumerable<Guid> expertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expertIds);
        foreach (var id in expertIds)
        {
            var expert = await AskAsync(() => partners.GetExpertAsync(new GetExpertRequest { Id = id.ToString() }, cancellationToken: cancellationToken).ResponseAsync, "Expert", id, cancellationToken);
            if (!expert.Active)
            {
                throw new FailedPreconditionException($"Expert '{expert.Name}' is deactivated and cannot facilitate.");
            }
        }
    }

    private async Task<T> AskAsync<T>(Func<Task<T>> call, string entity, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new NotFoundException(entity, id.ToString());
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever else the Partner service answers (down, overloaded, refusing this service's
            // own token, failing) is about this service's dependency, not the caller's request: the
            // caller must not see e.g. Unauthenticated for a token that is fine.
            if (ex.StatusCode is not (StatusCode.Unavailable or StatusCode.DeadlineExceeded))
            {
                LogPartnerRefused(logger, ex, entity.ToLowerInvariant(), id, ex.StatusCode);
            }

            throw new DependencyUnavailableException($"The Partner service cannot be reached to check {entity.ToLowerInvariant()} '{id}' ({ex.StatusCode}); nothing was changed. Try again shortly.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Partner service answered {StatusCode} when asked for {Entity} {Id}; the caller is told it cannot be reached")]
    private static partial void LogPartnerRefused(ILogger logger, Exception exception, string entity, Guid id, StatusCode statusCode);
}
