using Conference.Core.Json;
using Microsoft.AspNetCore.Http;

namespace Conference.Api;

/// <summary>A 200 with the resource in the body: the one success shape of the API (the seeds answer 200 for POST and DELETE too).</summary>
public sealed record Ok(object Value) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => Results.Json(Value, CoreJson.Options, contentType: null, statusCode: null).ExecuteAsync(httpContext);
}
