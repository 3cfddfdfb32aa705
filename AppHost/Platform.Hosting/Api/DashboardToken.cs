using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Platform.Hosting.Api;

/// <summary>
/// The dashboard's token check: programs send <c>Authorization: Bearer &lt;token&gt;</c>; a browser
/// signs in once through <c>/login?t=&lt;token&gt;</c> and then carries a cookie derived from it.
/// </summary>
internal sealed class DashboardToken(string token)
{
    public const string CookieName = "platform-dashboard";
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);
    private readonly string _cookieValue = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "platform-dashboard-cookie"u8));

    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    /// <summary>How the request proves it may call: the bearer token, the sign-in cookie, or not at all.</summary>
    public DashboardCredential Credential(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Matches(header["Bearer ".Length..].Trim()) ? DashboardCredential.Bearer : DashboardCredential.None;
        }

        return context.Request.Cookies.TryGetValue(CookieName, out var cookie)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie), Encoding.UTF8.GetBytes(_cookieValue))
                ? DashboardCredential.Cookie
                : DashboardCredential.None;
    }

    public void SignIn(HttpContext context) =>
        context.Response.Cookies.Append(CookieName, _cookieValue, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
}

/// <summary>What a request to the dashboard carries that lets it call.</summary>
internal enum DashboardCredential
{
    None,
    Bearer,
    Cookie,
}
