using Google.Rpc;
using Grpc.Core;
using Platform.ServiceDefaults.Tests.Probe;

namespace Platform.ServiceDefaults.Tests;

/// <summary>The conventions every service inherits from AddServiceDefaults, on a real Kestrel host.</summary>
public sealed class ConventionTests(ProbeHost host) : IClassFixture<ProbeHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ProbeService.ProbeServiceClient Reader => host.Client(host.Tokens.Create("tester", ["partner.read"], TimeSpan.FromMinutes(5)));

    [Fact]
    public async Task An_unexpected_exception_is_Internal_with_a_trace_id_and_no_internals()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Reader.FailAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Matches("^An unexpected error occurred. Trace id: [0-9a-f]{32}.$", error.Status.Detail);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Internal.Secret", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", string.Join(";", error.Trailers.Select(t => t.Key + "=" + t.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_exception_in_a_REST_endpoint_is_500_with_a_trace_id_and_no_internals()
    {
        // Services run in Development under the AppHost, where ASP.NET Core's developer exception
        // page answered anyone, token or not, with the exception's message and stack trace.
        using var response = await host.GetAsync(ProbeHost.FailingRestPath, Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Matches("An unexpected error occurred. Trace id: [0-9a-f]{32}.", body);
        Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Internal.Secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_REST_request_that_cannot_be_read_is_400_naming_the_parameter_without_a_stack_trace()
    {
        using var response = await host.GetAsync(ProbeHost.CountingRestPath + "?count=many", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("count", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Microsoft.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("HEADERS", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_validation_failure_is_InvalidArgument_with_field_violations()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Reader.ValidateAsync(new ProbeRequest { Email = "not an address" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Equal(["name", "email"], badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal("is required", badRequest.FieldViolations[0].Description);
        Assert.StartsWith("is not a valid e-mail address", badRequest.FieldViolations[1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_with_a_NUL_character_is_InvalidArgument_naming_each_field()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Reader.ValidateAsync(new ProbeRequest { Name = "Ja\0ne", Email = "jane@example.org\0" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(["name", "email"], violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.Equal("must not contain the NUL character (U+0000)", v.Description));
    }

    [Fact]
    public async Task Thousands_of_invalid_fields_are_InvalidArgument_listing_the_first_ones_and_counting_the_rest()
    {
        // Listed in full, the status outgrew what an HTTP/2 client takes in headers (64 KB for
        // .NET): the caller saw Unavailable, which the platform's clients retry, for its own mistake.
        var request = new ProbeRequest { Name = "Jane", Email = "jane@example.org" };
        request.Tags.Add(Enumerable.Repeat("tag\0", 2000));
        var client = Reader;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ValidateAsync(request, cancellationToken: Cancel).ResponseAsync);
        var after = await client.ValidateAsync(new ProbeRequest { Name = "Jane", Email = "jane@example.org" }, cancellationToken: Cancel);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(Enumerable.Range(0, Platform.ServiceDefaults.Grpc.ErrorInterceptor.MaxViolationsAnswered).Select(i => $"tags[{i}]"), violations.Select(v => v.Field));
        Assert.StartsWith("The request is invalid: tags[0]: must not contain the NUL character (U+0000); tags[1]:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Matches("; and 19[0-9]{2} more\\.$", error.Status.Detail);
        Assert.Equal("valid", after.Text);
    }

    [Fact]
    public async Task A_status_message_quoting_oversized_input_is_cut_short()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Reader.FindAsync(new ProbeRequest { Name = new string('x', 100_000) }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.StartsWith("Organization 'xxx", error.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("…", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(error.Status.Detail.Length <= Platform.ServiceDefaults.Grpc.ErrorInterceptor.MaxMessageLength, $"{error.Status.Detail.Length} characters");
    }

    [Theory]
    [InlineData("Jane <jane@example.org>")]
    [InlineData("\"Jane\" <jane@example.org>")]
    [InlineData("jane@example.org (Jane)")]
    [InlineData("jane@")]
    public async Task Only_a_bare_e_mail_address_is_valid(string email)
    {
        // A display name made a second person of the same address: a second contact, seat or
        // expert with the same address, and a professional id that matched no other service's.
        var bare = await Reader.ValidateAsync(new ProbeRequest { Name = "Jane", Email = " jane@example.org " }, cancellationToken: Cancel);
        var error = await Assert.ThrowsAsync<RpcException>(() => Reader.ValidateAsync(new ProbeRequest { Name = "Jane", Email = email }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal("valid", bare.Text);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("email", error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x64, 0x4A }, "While parsing a protocol message, the input ended unexpectedly")]
    [InlineData(new byte[] { 0x00, 0x01 }, "Protocol message contained an invalid tag (zero).")]
    [InlineData(new byte[] { 0x0A, 0x02, 0xC3, 0x28 }, "String is invalid UTF-8.")]
    public async Task A_body_that_is_not_the_methods_message_is_InvalidArgument_naming_the_cause_without_an_error_logged(byte[] body, string cause)
    {
        // A caller's mistake (a truncated message, garbage, another message type): gRPC reads the
        // body before any interceptor runs, and answered Unknown, "Exception was thrown by handler."
        var token = host.Tokens.Create("tester", ["partner.read"], TimeSpan.FromMinutes(5));
        var errorsBefore = host.Errors.Entries.Count;

        var error = await Assert.ThrowsAsync<RpcException>(() => host.CallWithBodyAsync("Validate", body, token, Cancel));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("The request body is not a valid platform.tests.v1.ProbeRequest: " + cause, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(errorsBefore, host.Errors.Entries.Count);
    }

    [Fact]
    public async Task A_missing_entity_is_NotFound_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Reader.FindAsync(new ProbeRequest { Name = "org-42" }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("Organization 'org-42' was not found.", error.Status.Detail);
    }

    [Fact]
    public async Task A_call_without_a_token_is_Unauthenticated()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client(null).FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_Unauthenticated()
    {
        var stranger = Platform.Hosting.Security.TokenIssuer.FromKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var client = host.Client(stranger.CreateOperatorToken());

        var error = await Assert.ThrowsAsync<RpcException>(() => client.FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task A_token_accepted_before_is_accepted_again_but_an_altered_copy_of_it_is_not()
    {
        var token = host.Tokens.Create("tester", ["partner.read"], TimeSpan.FromMinutes(5));
        var lastSignatureCharacter = token[^1];
        var altered = token[..^1] + (lastSignatureCharacter == 'A' ? 'B' : 'A');

        // NotFound means the call got past authentication and authorisation into the service.
        var first = await Assert.ThrowsAsync<RpcException>(() => host.Client(token).FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);
        var again = await Assert.ThrowsAsync<RpcException>(() => host.Client(token).FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);
        var alteredCopy = await Assert.ThrowsAsync<RpcException>(() => host.Client(altered).FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);
        var prefixOnly = await Assert.ThrowsAsync<RpcException>(() => host.Client(token[..^10]).FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, first.StatusCode);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, alteredCopy.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, prefixOnly.StatusCode);
    }

    [Fact]
    public async Task A_token_without_the_scope_is_PermissionDenied()
    {
        var wrongScope = host.Client(host.Tokens.Create("tester", ["experience.read"], TimeSpan.FromMinutes(5)));
        var readOnly = Reader;

        var onRead = await Assert.ThrowsAsync<RpcException>(() => wrongScope.FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);
        var onWrite = await Assert.ThrowsAsync<RpcException>(() => readOnly.ChangeAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, onRead.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, onWrite.StatusCode);
    }

    [Fact]
    public async Task A_token_that_names_no_caller_is_PermissionDenied_for_reads_and_changes_naming_the_cause()
    {
        var unnamed = host.Client(TokensWithoutCaller.Create(host.Tokens, "partner.read", "partner.write"));

        var onRead = await Assert.ThrowsAsync<RpcException>(() => unnamed.FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);
        var onWrite = await Assert.ThrowsAsync<RpcException>(() => unnamed.ChangeAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, "The token names no caller: it has no sub claim."), (onRead.StatusCode, onRead.Status.Detail));
        Assert.Equal((StatusCode.PermissionDenied, "The token names no caller: it has no sub claim."), (onWrite.StatusCode, onWrite.Status.Detail));
    }

    [Fact]
    public async Task An_endpoint_with_a_bare_RequireAuthorization_refuses_a_token_that_names_no_caller()
    {
        using var named = await host.GetAsync(ProbeHost.DefaultPolicyRestPath, host.Tokens.Create("tester", ["partner.read"], TimeSpan.FromMinutes(5)), Cancel);
        using var unnamed = await host.GetAsync(ProbeHost.DefaultPolicyRestPath, TokensWithoutCaller.Create(host.Tokens, "partner.read"), Cancel);

        Assert.Equal(System.Net.HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, unnamed.StatusCode);
    }

    [Fact]
    public async Task A_caller_longer_than_histories_keep_is_PermissionDenied_naming_the_limit()
    {
        var longest = host.Client(host.Tokens.Create(new string('a', 200), ["partner.read"], TimeSpan.FromMinutes(5)));
        var tooLong = host.Client(host.Tokens.Create(new string('a', 201), ["partner.read"], TimeSpan.FromMinutes(5)));

        // NotFound means the call got past authorisation into the service.
        var accepted = await Assert.ThrowsAsync<RpcException>(() => longest.FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);
        var refused = await Assert.ThrowsAsync<RpcException>(() => tooLong.FindAsync(new ProbeRequest(), cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, accepted.StatusCode);
        Assert.Equal((StatusCode.PermissionDenied, "The token's caller (its sub claim) is 201 characters long; a caller is at most 200."), (refused.StatusCode, refused.Status.Detail));
    }

    [Fact]
    public async Task Mutations_beyond_the_callers_budget_are_ResourceExhausted_and_other_callers_are_not_affected()
    {
        var busy = host.Client(host.Tokens.Create("busy-caller", ["partner.read", "partner.write"], TimeSpan.FromMinutes(5)));
        var other = host.Client(host.Tokens.Create("other-caller", ["partner.read", "partner.write"], TimeSpan.FromMinutes(5)));
        var outcomes = new List<StatusCode>();
        for (var i = 0; i < 6; i++)
        {
            try
            {
                await busy.ChangeAsync(new ProbeRequest(), cancellationToken: Cancel);
                outcomes.Add(StatusCode.OK);
            }
            catch (RpcException ex)
            {
                outcomes.Add(ex.StatusCode);
                Assert.Contains("Too many changes from this caller", ex.Status.Detail, StringComparison.Ordinal);
            }
        }

        // Burst of 3 (refilled at 1 per second): the first three pass, then the caller is refused.
        Assert.Equal([StatusCode.OK, StatusCode.OK, StatusCode.OK], outcomes.Take(3));
        Assert.Contains(StatusCode.ResourceExhausted, outcomes.Skip(3));
        Assert.Equal("changed", (await other.ChangeAsync(new ProbeRequest(), cancellationToken: Cancel)).Text);
    }
}
