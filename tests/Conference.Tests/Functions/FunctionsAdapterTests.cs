using System.Reflection;
using System.Text.RegularExpressions;
using Conference.Api;
using Conference.Tests.Support;

namespace Conference.Tests.Functions;

/// <summary>
/// The Functions adapter cannot be compiled on these machines (its packages are absent), so what
/// can be checked here is checked from its source: it is only a mapping onto the shared code.
/// </summary>
public sealed partial class FunctionsAdapterTests
{
    private static readonly string Adapter = Path.Combine(RepositoryRoot.Find(), "functions", "Conference.Functions");

    [Fact]
    public void Every_route_has_an_http_trigger_with_the_same_name_method_and_route()
    {
        var source = File.ReadAllText(Path.Combine(Adapter, "HttpTriggers.cs"));
        var triggers = Trigger().Matches(source)
            .Select(m => (Name: m.Groups[1].Value, Method: m.Groups[2].Value.ToUpperInvariant(), Route: m.Groups[3].Value, Runs: m.Groups[4].Value))
            .ToList();

        Assert.All(triggers, t => Assert.Equal(t.Name, t.Runs));
        Assert.Equal(
            ApiRoutes.All.Select(r => (r.Name, r.Method, r.Route)).OrderBy(r => r.Name),
            triggers.Select(t => (t.Name, t.Method, t.Route)).OrderBy(t => t.Name));
    }

    [Fact]
    public void The_adapter_declares_none_of_the_shared_types_again()
    {
        var shared = new[] { typeof(Conference.Core.Entities.EntityId).Assembly, typeof(ApiRoutes).Assembly, typeof(Conference.Adapters.EffectRouter).Assembly }
            .SelectMany(a => a.GetTypes()).Select(t => t.Name.Split('`')[0]).ToHashSet();
        var declared = Directory.GetFiles(Adapter, "*.cs")
            .SelectMany(f => TypeDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        Assert.NotEmpty(declared);
        Assert.DoesNotContain(declared, shared.Contains);
    }

    [Fact]
    public void The_durable_entities_run_the_core_entities_through_the_shared_registry()
    {
        var program = File.ReadAllText(Path.Combine(Adapter, "Program.cs"));
        var entity = File.ReadAllText(Path.Combine(Adapter, "CoreEntityFunction.cs"));
        Assert.Contains("EntityRegistry.Default()", program);
        Assert.Contains("type.Invoke(instance, operation.Name, input)", entity);
        var names = EntityNameUse().Matches(File.ReadAllText(Path.Combine(Adapter, "EntityFunctions.cs"))).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Conference.Core.Entities.EntityRegistry.Default().Names.Order(),
            names.Select(n => typeof(Conference.Core.Entities.EntityNames).GetField(n, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!.ToString()!).Order());
    }

    [GeneratedRegex(@"\[Function\(""(\w+)""\)\]\s*public static Task<IResult> \w+\(\[HttpTrigger\(AuthorizationLevel\.Anonymous, ""(\w+)"", Route = ""([^""]+)""\)\][^;]*=> Run\(""(\w+)""")]
    private static partial Regex Trigger();

    [GeneratedRegex(@"(?:class|record|interface|struct|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\[Function\(EntityNames\.(\w+)\)\]")]
    private static partial Regex EntityNameUse();
}
