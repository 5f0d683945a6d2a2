using Conference.Core.Entities;
using Conference.Durable;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Conference.LocalHost.DurableEngine;

/// <summary>
/// The Durable Task Framework over Azure Storage (Azurite locally), running the adapter's entities,
/// orchestrations and activity in this process: the local stand-in for the Functions host's Durable
/// extension, where Core Tools cannot be installed. The API reaches it through the adapter's
/// <see cref="DurableEntityGateway"/> over <see cref="LocalDurableTaskClient"/>.
/// </summary>
public sealed class DurableEngine : IHostedService
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly ILogger _logger;

    public DurableEngine(AzureStorageOrchestrationServiceSettings settings, EntityRegistry registry, IEffectHandler effects, ILoggerFactory loggers)
    {
        settings.LoggerFactory = loggers;
        _logger = loggers.CreateLogger<DurableEngine>();
        _service = new AzureStorageOrchestrationService(settings);
        var completions = new CompletionsInProcess(id => _service.PurgeInstanceHistoryAsync(id), loggers.CreateLogger<CompletionsInProcess>());
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { EnableEntitySupport = true }, new RefusalsAreNotErrors(loggers));
        var orchestrations = new ObjectsByName<TaskOrchestration>();
        orchestrations.Add(new MadeEachTime<TaskOrchestration>(DurableNames.CallEntity, () => shims.CreateOrchestration(new TaskName(DurableNames.CallEntity), new CallEntityOrchestrator())));
        orchestrations.Add(new MadeEachTime<TaskOrchestration>(DurableNames.SignalLater, () => shims.CreateOrchestration(new TaskName(DurableNames.SignalLater), new SignalLaterOrchestrator())));
        var activities = new ObjectsByName<TaskActivity>();
        var deliveryLogger = loggers.CreateLogger(nameof(EffectDelivery));
        activities.Add(new MadeEachTime<TaskActivity>(DurableNames.DeliverEffectsActivity,
            () => shims.CreateActivity(new TaskName(DurableNames.DeliverEffectsActivity), new DeliverEffectsActivity(effects, deliveryLogger))));
        var entities = new ObjectsByName<DurableTask.Core.Entities.TaskEntity>();
        var entityLogger = loggers.CreateLogger<CoreEntityFunction>();
        foreach (var name in registry.Names)
        {
            entities.Add(new MadeEachTime<DurableTask.Core.Entities.TaskEntity>(name, () => new CoreTaskEntity(shims, () => new CoreEntityFunction(registry, effects, entityLogger))));
        }
        _worker = new TaskHubWorker(new ReportingCompletions(_service, completions), orchestrations, activities, entities, loggers);
        if (settings.ExtendedSessionsEnabled)
        {
            _worker.AddEntityDispatcherMiddleware(new ExtendedSessionEntityStates(settings.ExtendedSessionIdleTimeout).RunAsync);
        }
        Client = new LocalDurableTaskClient(_service, completions, loggers);
    }

    public LocalDurableTaskClient Client { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync();
        await _worker.StartAsync();
    }

    /// <summary>
    /// Stops the worker, or gives up at the host's shutdown timeout: with storage gone (Azurite stopped
    /// first) the worker's stop never ends. What it had locked is taken up again after the control
    /// queue's visibility timeout, by this process's next start or another.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _worker.StopAsync(isForced: true).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("The Durable Task worker did not stop within the shutdown timeout (is storage reachable?); its work is taken up again after the queue's visibility timeout.");
        }
    }
}
