using Conference.Durable;
using System.Reflection;
using System.Text.Json;
using Conference.Api;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Moq;

namespace Conference.Functions.Tests;

/// <summary>
/// What the Functions host will load, read from the adapter's real build output (the SDK writes
/// <c>functions.metadata</c>, <c>worker.config.json</c> and <c>extensions.json</c> from the
/// attributes): every API route has its HTTP trigger, every entity its entity trigger, every
/// orchestration and activity the adapter starts exists under the name it starts it by, and
/// <c>host.json</c> keeps the paths and the task hub.
/// </summary>
public sealed class FunctionsBuildOutputTests
{
    private static readonly string Output = FunctionsOutputFolder();
    private static readonly IReadOnlyList<JsonElement> Functions = [.. Read("functions.metadata").EnumerateArray()];

    [Fact]
    public void Every_api_route_and_the_openapi_document_has_one_anonymous_http_trigger_with_its_method_and_route()
    {
        var triggers = Functions
            .Select(f => (Name: f.GetProperty("name").GetString()!, Binding: Bindings(f).SingleOrDefault(b => Type(b) == "httpTrigger")))
            .Where(t => t.Binding.ValueKind == JsonValueKind.Object)
            .ToList();

        Assert.All(triggers, t => Assert.Equal("Anonymous", t.Binding.GetProperty("authLevel").GetString()));
        Assert.Equal(
            ApiRoutes.All.Select(r => $"{r.Name} {r.Method} {r.Route}").Append($"OpenApiDocument GET {OpenApiDocument.Path.TrimStart('/')}").Order(),
            triggers.Select(t => $"{t.Name} {Methods(t.Binding)} {t.Binding.GetProperty("route").GetString()}").Order());
    }

    [Fact]
    public void Every_registered_core_entity_has_an_entity_trigger_of_its_name()
    {
        Assert.Equal(EntityRegistry.Default().Names.Order(), NamesOf("entityTrigger").Order());
    }

    [Fact]
    public async Task The_orchestrations_and_the_activity_the_adapter_starts_exist_under_the_names_it_starts_them_by()
    {
        var started = new List<string>();

        var entity = new Mock<TaskEntityContext>();
        entity.SetupGet(c => c.Id).Returns(new EntityInstanceId(EntityNames.Conference, Guid.NewGuid().ToString()));
        entity.Setup(c => c.ScheduleNewOrchestration(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>()))
            .Callback<TaskName, object?, StartOrchestrationOptions?>((name, _, _) => started.Add(name.Name)).Returns("instance");
        var create = new CreateConference(Guid.NewGuid(), new ConferenceSettings { Type = ConferenceTypes.Conference });
        await RecordedEffects.Entity().RunAsync(new FakeOperation(nameof(ConferenceEntity.Create), entity.Object, new TextState(),
            new EntityMessage(JsonSerializer.SerializeToElement(create, Core.Json.CoreJson.Options), null).ToJson()));

        var durable = new InMemoryDurable();
        await new DurableEntityGateway(durable.Client.Object, EntityRegistry.Default()).CallAsync(new EntityId(EntityNames.Conference, Guid.NewGuid().ToString()), nameof(ConferenceEntity.Create), create);
        started.AddRange(durable.Client.Invocations.Where(i => i.Method.Name == "ScheduleNewOrchestrationInstanceAsync").Select(i => ((TaskName)i.Arguments[0]).Name));
        // The in-memory Durable runs only the activity of that name: the call delivered through it.
        Assert.NotEmpty(durable.Delivered);
        string[] activities = [DurableNames.DeliverEffectsActivity];

        Assert.Equal([DurableNames.CallEntity, DurableNames.SignalLater], started.Distinct().Order());
        Assert.Subset(NamesOf("orchestrationTrigger").ToHashSet(), started.ToHashSet());
        Assert.Subset(NamesOf("activityTrigger").ToHashSet(), activities.ToHashSet());
    }

    [Fact]
    public void Every_function_is_in_the_worker_assembly_the_host_starts()
    {
        var worker = Read("worker.config.json").GetProperty("description");
        var assembly = worker.GetProperty("defaultWorkerPath").GetString()!;

        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.True(File.Exists(Path.Combine(Output, assembly)), $"{assembly} is not in {Output}");
        Assert.All(Functions, f => Assert.Equal(assembly, f.GetProperty("scriptFile").GetString()));
        var types = Assembly.LoadFrom(Path.Combine(Output, assembly)).GetTypes().Select(t => t.FullName).ToHashSet();
        Assert.All(Functions, f => Assert.Contains(f.GetProperty("entryPoint").GetString()![..f.GetProperty("entryPoint").GetString()!.LastIndexOf('.')], types));
    }

    [Fact]
    public void The_host_loads_the_Durable_extension_from_the_build_output()
    {
        var durable = Read("extensions.json").GetProperty("extensions").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "DurableTask");

        Assert.True(File.Exists(Path.Combine(Output, durable.GetProperty("hintPath").GetString()!)));
    }

    [Fact]
    public void The_webhook_timer_wakes_the_app_every_ten_seconds()
    {
        var timer = Bindings(Functions.Single(f => f.GetProperty("name").GetString() == "DeliverWebhooks")).Single();

        Assert.Equal("timerTrigger", Type(timer));
        Assert.Equal("*/10 * * * * *", timer.GetProperty("schedule").GetString());
    }

    [Fact]
    public void Host_json_serves_the_api_at_its_own_paths_and_names_the_task_hub()
    {
        var extensions = Read("host.json").GetProperty("extensions");

        Assert.Equal("", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        Assert.Equal("ConferenceHub", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
    }

    private static IEnumerable<JsonElement> Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();

    private static string? Type(JsonElement binding) => binding.GetProperty("type").GetString();

    private static string Methods(JsonElement binding) =>
        string.Join(",", binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));

    private static IEnumerable<string> NamesOf(string trigger) =>
        Functions.Where(f => Bindings(f).Any(b => Type(b) == trigger)).Select(f => f.GetProperty("name").GetString()!);

    private static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, file))).RootElement;

    /// <summary>The adapter project's own output folder, built in the same configuration as this assembly.</summary>
    private static string FunctionsOutputFolder()
    {
        var configuration = typeof(FunctionsBuildOutputTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Conference.sln")))
        {
            folder = folder.Parent;
        }
        return Path.Combine(folder!.FullName, "functions", "Conference.Functions", "bin", configuration, "net10.0");
    }
}
