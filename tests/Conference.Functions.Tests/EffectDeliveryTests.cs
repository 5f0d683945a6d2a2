using Conference.Durable;
using System.Text.Json;
using Conference.Core.Entities;
using Conference.Core.Json;
using Conference.Core.Media;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Conference.Functions.Tests;

/// <summary>
/// The delivery activity hands an entity's effects to the same <see cref="IEffectHandler"/> the
/// local host uses: a failure of the rest fails the activity (Durable retries it; receivers drop
/// repeats), while a media command that cannot reach the media host is given up, as locally.
/// </summary>
public sealed class EffectDeliveryTests
{
    private static readonly EntityId Source = new(EntityNames.Conference, Guid.NewGuid().ToString());

    [Fact]
    public async Task The_effects_reach_the_shared_handler_and_an_unreachable_media_host_does_not_fail_the_activity()
    {
        var handler = new RecordedEffects { FailMedia = true };
        var project = new ProjectEffect(Guid.NewGuid(), "conference", Guid.NewGuid(), Guid.NewGuid(), JsonDocument.Parse("{}").RootElement);
        var rooms = new[] { new MediaEffect(Guid.NewGuid(), new DestroyRoom(Guid.NewGuid())), new MediaEffect(Guid.NewGuid(), new DestroyRoom(Guid.NewGuid())) };

        await DurableTriggers.DeliverEffectsActivity(Batch([project, .. rooms]), ContextWith(handler));

        Assert.Equal([(Source, project.Id)], handler.Delivered.Select(d => (d.Source, d.Effect.Id)));
        Assert.Equal(rooms.Select(r => (Source, r.Id)), handler.MediaTried);
    }

    [Fact]
    public async Task A_failure_to_deliver_the_rest_fails_the_activity_so_Durable_retries_it()
    {
        var handler = new RecordedEffects { Failing = true };
        var project = new ProjectEffect(Guid.NewGuid(), "conference", Guid.NewGuid(), Guid.NewGuid(), JsonDocument.Parse("{}").RootElement);

        await Assert.ThrowsAsync<HttpRequestException>(() => DurableTriggers.DeliverEffectsActivity(Batch([project]), ContextWith(handler)));
    }

    private static EffectBatch Batch(List<Effect> effects) => new(Source.Name, Source.Key, JsonSerializer.Serialize(effects, CoreJson.Options));

    private static FunctionContext ContextWith(IEffectHandler handler)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(handler).BuildServiceProvider();
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.InstanceServices).Returns(services);
        return context.Object;
    }
}
