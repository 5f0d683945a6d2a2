using Conference.Core.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conference.Api;

/// <summary>Turns every refusal into a problem answer; nothing else in the API writes errors.</summary>
public static class ApiErrors
{
    /// <summary>For errors outside any route's own handling (the routes answer through <see cref="ToResult"/>).</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && ToResult(context, e) is { } problem)
        {
            await problem.ExecuteAsync(context);
        }
    });

    /// <summary>The problem answer for an exception (null when the client went away), logging the unexpected ones.</summary>
    public static IResult? ToResult(HttpContext context, Exception e)
    {
        if (ToProblem(context, e) is not { } problem)
        {
            return null;
        }
        if (problem.Status >= 500)
        {
            context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(ApiErrors)).LogError(e, "Request {Path} failed.", context.Request.Path);
        }
        return Problems.Of(context, problem.Status, problem.Reason, problem.Detail);
    }

    private static (int Status, string Reason, string Detail)? ToProblem(HttpContext context, Exception e) => e switch
    {
        DomainException d => (Problems.StatusOf(d.Kind), d.Reason, d.Message),
        ApiInputException a => (a.Status, a.Reason, a.Message),
        BadHttpRequestException { StatusCode: 413 } => (413, "BODY_TOO_LARGE", "The request body is too large."),
        BadHttpRequestException b => (b.StatusCode, "BAD_REQUEST", b.Message),
        EntityUnavailableException => (503, "STORAGE_UNAVAILABLE", "The change could not be stored; nothing was changed. Try again."),
        OperationCanceledException when context.RequestAborted.IsCancellationRequested => null,
        _ => (500, "INTERNAL_ERROR", "The request failed unexpectedly."),
    };
}
