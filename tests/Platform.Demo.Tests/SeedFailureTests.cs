using Grpc.Core;
using Platform.Hosting.Testing;

namespace Platform.Demo.Tests;

/// <summary>A seed a service refuses stops with a message that says which service refused which call.</summary>
[Collection(DemoPlatform.Name)]
public sealed class SeedFailureTests(DemoFixture fixture)
{
    [Fact]
    public async Task A_refused_call_stops_the_seed_naming_the_service_and_the_call()
    {
        var app = fixture.App;
        // Reads only: every demo organization and contact is found, then registering the first expert is refused.
        using var readOnly = new DemoClients(app.GetEndpoint("partner", "grpc"), app.GetEndpoint("experience", "grpc"), app.GetEndpoint("community", "grpc"), app.Tokens.CreateOperatorToken(scopes: ["partner.read"]));

        var refused = await Assert.ThrowsAsync<RpcException>(() => new DemoSeeder(readOnly, DemoFixture.Scale, TimeProvider.System, TextWriter.Null).SeedAsync(TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.StartsWith("Partner service, RegisterExpert: PermissionDenied: ", refused.Message, StringComparison.Ordinal);
    }
}
