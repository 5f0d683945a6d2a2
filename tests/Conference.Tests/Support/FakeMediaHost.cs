using System.Collections.Concurrent;
using Conference.Adapters;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Media;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Support;

/// <summary>
/// Stands in for the media host (built in its own issue) at the port's boundary: it records
/// commands and, when told to, answers as a healthy confbridge would: room ready, leg joined,
/// leg left after a kick. Answers go through the entity gateway of the host that sent the
/// command, as the real reports would; never through the test's factory, which would build a
/// second host if asked while its first is still starting.
/// </summary>
public sealed class FakeMediaHost
{
    public ConcurrentQueue<MediaCommand> Commands { get; } = new();
    public bool ConfirmRooms { get; set; } = true;
    public bool BridgeLegs { get; set; } = true;
    public bool CompleteKicks { get; set; } = true;

    /// <summary>A dialed call is answered at once (reported progressing), as a phone that picks up, and a hangup is confirmed.</summary>
    public bool AnswerDialedCalls { get; set; }

    /// <summary>A command's conference_join asks the conference, as the media host's call session does.</summary>
    public bool RunCommandJoins { get; set; }

    /// <summary>The media host as one control plane host sees it.</summary>
    public IMediaHost For(IServiceProvider host) => new Bound(this, host);

    private Task SendAsync(MediaCommandEnvelope command, IServiceProvider host)
    {
        Commands.Enqueue(command.Command);
        if (RunCommandJoins && command.Command is RunCallActions run)
        {
            foreach (var join in FlowAction.FromJson(run.Actions).Where(a => a.Type == "conference_join"))
            {
                _ = Task.Run(() => host.GetRequiredService<IEntityGateway>().CallAsync(EntityId.Conference(Guid.Parse(join.Text("conference_id"))),
                    nameof(ConferenceEntity.Join), join.JoinRequestFor(run.CallId), Guid.NewGuid(), CancellationToken.None), CancellationToken.None);
            }
        }
        var (target, operation, input, answer) = command.Command switch
        {
            DialCall d => (EntityId.Call(d.CallId), nameof(Core.Calls.CallEntity.StatusChanged), new Core.Calls.CallStatusInput(Core.Calls.CallStatus.Progressing, ""), AnswerDialedCalls),
            Core.Media.HangupCall h => (EntityId.Call(h.CallId), nameof(Core.Calls.CallEntity.StatusChanged), new Core.Calls.CallStatusInput(Core.Calls.CallStatus.Hangup, h.Reason), AnswerDialedCalls),
            CreateRoom r => (EntityId.Conference(r.RoomId), nameof(ConferenceEntity.RoomReady), (object?)null, ConfirmRooms),
            BridgeLeg b => (EntityId.Conferencecall(b.LegId), nameof(ConferencecallEntity.Joined), null, BridgeLegs),
            KickLeg k => (EntityId.Conferencecall(k.LegId), nameof(ConferencecallEntity.Left), new LegLeftInput("kicked", true), CompleteKicks),
            _ => (default(EntityId), "", null, false),
        };
        if (answer)
        {
            _ = Task.Run(() => host.GetRequiredService<IEntityGateway>().CallAsync(target, operation, input, Guid.NewGuid(), CancellationToken.None), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    private sealed class Bound(FakeMediaHost media, IServiceProvider host) : IMediaHost
    {
        public Task SendAsync(MediaCommandEnvelope command, CancellationToken cancellationToken = default) => media.SendAsync(command, host);
    }
}
