using Conference.Durable;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Entities;
using Microsoft.DurableTask.Entities;
using Moq;

namespace Conference.Functions.Tests;

/// <summary>
/// The entity gateway over <see cref="DurableTaskClient"/> keeps the promises of the local runtime's:
/// a result once stored, a refusal as the same <see cref="DomainException"/>, a repeated message
/// applied once, and null for an entity that has no state.
/// </summary>
public sealed class DurableEntityGatewayTests
{
    private readonly InMemoryDurable _durable = new();
    private readonly EntityId _conference = new(EntityNames.Conference, Guid.NewGuid().ToString());

    private DurableEntityGateway Gateway => new(_durable.Client.Object, EntityRegistry.Default());

    [Fact]
    public async Task A_call_answers_the_operations_result_and_the_state_reads_back()
    {
        var view = (ConferenceView)(await Gateway.CallAsync(_conference, nameof(ConferenceEntity.Create), Create()))!;

        var state = await Gateway.GetStateAsync<ConferenceState>(_conference);

        Assert.Equal(_conference.Key, view.Id.ToString());
        Assert.Equal(view.Id, state!.Id);
    }

    [Fact]
    public async Task A_call_answers_only_after_its_effects_are_delivered_and_the_entity_starts_no_orchestration_of_its_own()
    {
        await Gateway.CallAsync(_conference, nameof(ConferenceEntity.Create), Create());
        await Gateway.CallAsync(_conference, nameof(ConferenceEntity.RegenerateDirectHash));

        Assert.Equal([$"call {EntityNames.Conference}.Create", $"deliver {EntityNames.Conference}", $"call {EntityNames.Conference}.RegenerateDirectHash", $"deliver {EntityNames.Conference}"], _durable.Steps);
        Assert.Contains("create_room", _durable.Delivered[0].UnpackedJson());
        Assert.Contains("set_direct_hash", _durable.Delivered[1].UnpackedJson());
    }

    [Fact]
    public async Task A_refusal_comes_back_as_the_domain_exception_the_core_threw()
    {
        var local = Assert.Throws<DomainException>(() =>
        {
            var type = EntityRegistry.Default().Get(EntityNames.Conference);
            var instance = type.Create();
            instance.Context = new EntityContext(_conference, DateTimeOffset.UtcNow);
            type.Invoke(instance, nameof(ConferenceEntity.Lock), null);
        });

        var durable = await Assert.ThrowsAsync<DomainException>(() => Gateway.CallAsync(_conference, nameof(ConferenceEntity.Lock)));

        Assert.Equal((local.Kind, local.Reason, local.Message), (durable.Kind, durable.Reason, durable.Message));
        Assert.Null(_durable.StateOf(_conference));
    }

    [Fact]
    public async Task A_message_sent_again_through_the_gateway_is_applied_once()
    {
        var report = Guid.NewGuid();
        await Gateway.CallAsync(_conference, nameof(ConferenceEntity.Create), Create());
        await Gateway.CallAsync(_conference, nameof(ConferenceEntity.Lock), messageId: report);
        await Gateway.CallAsync(_conference, nameof(ConferenceEntity.Unlock), messageId: Guid.NewGuid());

        var again = await Gateway.CallAsync(_conference, nameof(ConferenceEntity.Lock), messageId: report);

        Assert.Null(again);
        Assert.False((await Gateway.GetStateAsync<ConferenceState>(_conference))!.IsLocked);
    }

    [Fact]
    public async Task An_entity_that_does_not_exist_or_comes_without_state_reads_as_null()
    {
        Assert.Null(await Gateway.GetStateAsync<ConferenceState>(_conference));

        var transient = new Mock<DurableEntityClient>("transient");
        transient.Setup(e => e.GetEntityAsync<string>(It.IsAny<EntityInstanceId>(), true, It.IsAny<CancellationToken>()))
            .ReturnsAsync((EntityInstanceId id, bool _, CancellationToken _) => new EntityMetadata<string>(id, null));
        var client = new Mock<DurableTaskClient>("transient");
        client.SetupGet(c => c.Entities).Returns(transient.Object);

        Assert.Null(await new DurableEntityGateway(client.Object, EntityRegistry.Default()).GetStateAsync<ConferenceState>(_conference));
    }

    [Fact]
    public async Task A_call_orchestration_that_did_not_complete_is_reported_as_unavailable_not_as_a_result()
    {
        var client = new Mock<DurableTaskClient>("failing");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), null, It.IsAny<CancellationToken>())).ReturnsAsync("i");
        client.Setup(c => c.WaitForInstanceCompletionAsync("i", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(DurableNames.CallEntity, "i") { RuntimeStatus = OrchestrationRuntimeStatus.Terminated });

        await Assert.ThrowsAsync<EntityUnavailableException>(() =>
            new DurableEntityGateway(client.Object, EntityRegistry.Default()).CallAsync(_conference, nameof(ConferenceEntity.Lock)));
    }

    private static CreateConference Create() => new(CustomerId: Guid.NewGuid(), new ConferenceSettings { Type = ConferenceTypes.Conference });
}
