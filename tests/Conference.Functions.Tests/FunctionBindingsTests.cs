using System.Reflection;
using Conference.Api;
using Conference.Core.Entities;
using Microsoft.Azure.Functions.Worker;

namespace Conference.Functions.Tests;

/// <summary>The adapter's functions, read by reflection: every API route has its HTTP trigger, every core entity its entity trigger.</summary>
public sealed class FunctionBindingsTests
{
    [Fact]
    public void Every_api_route_and_the_openapi_document_has_an_anonymous_http_trigger_with_its_name_method_and_route()
    {
        var triggers = typeof(HttpTriggers).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(t => t.Function is not null)
            .ToList();

        Assert.All(triggers, t => Assert.Equal(AuthorizationLevel.Anonymous, t.Trigger!.AuthLevel));
        Assert.All(triggers, t => Assert.Single(t.Trigger!.Methods!));
        Assert.Equal(
            ApiRoutes.All.Select(r => (r.Name, r.Method, r.Route)).Append((Name: "OpenApiDocument", Method: "GET", Route: OpenApiDocument.Path.TrimStart('/'))).OrderBy(r => r.Name),
            triggers.Select(t => (t.Function!.Name, t.Trigger!.Methods![0].ToUpperInvariant(), t.Trigger.Route)).OrderBy(t => t.Name));
    }

    [Fact]
    public void Every_registered_core_entity_has_an_entity_trigger_of_its_name()
    {
        var names = typeof(EntityFunctions).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.GetParameters().Any(p => p.GetCustomAttribute<EntityTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name);

        Assert.Equal(EntityRegistry.Default().Names.Order(), names.Order());
    }
}
