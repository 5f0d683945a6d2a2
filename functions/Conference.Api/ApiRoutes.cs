using Conference.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Conference.Api;

/// <summary>
/// One endpoint of the API: its method and route (without a leading slash, as Functions write
/// routes), whether it needs a token and what permission the token must hold, whether a repeat
/// with the same idempotency key answers as the first time, and its handler. The local host maps
/// every route from this table; the Azure Functions triggers call <see cref="ApiRoutes.InvokeAsync"/>
/// with the same routes.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Route, Func<ApiServices, string?, Task<IResult>> Handler,
    bool Idempotent = false, bool Authenticated = true, string Needs = Permissions.CustomerManager);

public static class ApiRoutes
{
    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        .. ConferencesApi.Routes, .. ConferencecallsApi.Routes, .. CallsApi.Routes, .. RecordingsApi.Routes, .. TranscribesApi.Routes, .. AccountsApi.Routes,
        .. CustomersApi.Routes, .. UsersApi.Routes, .. MediaPlaneApi.Routes, .. Restcomm.RestcommApi.Routes, .. Restcomm.RestcommNumbers.Routes,
        .. Telnyx.TelnyxConferencesApi.Routes, .. Telnyx.TelnyxCallsApi.Routes, .. Telnyx.TelnyxWebhooks.Routes,
        .. Kazoo.KazooConferencesApi.Routes,
    ];

    public static ApiRoute Named(string name) => All.Single(r => r.Name == name);

    /// <summary>Runs a route's handler behind the same checks wherever the API is hosted.</summary>
    public static async Task<IResult> InvokeAsync(ApiRoute route, HttpContext context, string? id)
    {
        try
        {
            if (route.Authenticated && await CustomerAuthentication.AuthenticateAsync(context) is { } denied)
            {
                return denied;
            }
            if (route.Authenticated && !Permissions.Allows(context.Principal().Permission, route.Needs))
            {
                return Problems.Of(context, StatusCodes.Status403Forbidden, "PERMISSION_DENIED", $"This needs {route.Needs}; the token is {context.Principal().Permission}.");
            }
            var services = ApiServices.From(context);
            return route.Idempotent
                ? await Idempotency.RunAsync(context, () => route.Handler(services, id))
                : await route.Handler(services, id);
        }
        catch (Exception e) when (ApiErrors.ToResult(context, e) is { } problem)
        {
            return problem;
        }
    }

    public static void MapApiRoutes(this IEndpointRouteBuilder app)
    {
        foreach (var route in All)
        {
            // A RequestDelegate that runs the result itself: a lambda returning Task<IResult> would bind
            // to MapMethods' RequestDelegate overload and its result would be dropped unanswered.
            app.MapMethods("/" + route.Route, [route.Method], async context =>
                await (await InvokeAsync(route, context, context.Request.RouteValues["id"] as string)).ExecuteAsync(context)).WithName(route.Name);
        }
    }
}
