using Grpc.Core;
using Platform.Contracts.Partner.V1;
using Platform.ServiceDefaults.Grpc;

namespace Platform.Experience.Experiences;

/// <summary>
/// Asks the Partner service whether the hosts and experts of an experience may take part: a host
/// must exist and be at stage Partner, an expert must exist and be active. The answers become
/// this service's errors; the Partner service being unreachable is <c>Unavailable</c>.
/// </summary>
public sealed class PartnerDirectory(PartnerService.PartnerServiceClient partners)
{
    public async Task CheckHostsAsync(IEnumerable<Guid> partnerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partnerIds);
        foreach (var id in partnerIds)
        {
            var organization = await AskAsync(() => partners.GetOrganizationAsync(new GetOrganizationRequest { Id = id.ToString() }, cancellationToken: cancellationToken).ResponseAsync, "Partner", id);
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
            var expert = await AskAsync(() => partners.GetExpertAsync(new GetExpertRequest { Id = id.ToString() }, cancellationToken: cancellationToken).ResponseAsync, "Expert", id);
            if (!expert.Active)
            {
                throw new FailedPreconditionException($"Expert '{expert.Name}' is deactivated and cannot facilitate.");
            }
        }
    }

    private static async Task<T> AskAsync<T>(Func<Task<T>> call, string entity, Guid id)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw new NotFoundException(entity, id.ToString());
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new DependencyUnavailableException($"The Partner service cannot be reached to check {entity.ToLowerInvariant()} '{id}' ({ex.StatusCode}); nothing was changed. Try again shortly.", ex);
        }
    }
}
