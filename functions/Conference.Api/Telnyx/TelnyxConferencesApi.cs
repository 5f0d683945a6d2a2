using System.Globalization;
using System.Text.Json;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;

namespace Conference.Api.Telnyx;

/// <summary>
/// Telnyx's conferences (seed 003): created from a call, which is bridged in at once; listed, read,
/// and driven by commands. A translation only: each command is the core's own operation (join,
/// kick, mute, hold, play, recording), so every rule, refusal and timer stays in the core. A
/// <c>command_id</c> repeats the first answer (the API's idempotency). A Telnyx conference ends when
/// its last participant leaves, after <c>duration_minutes</c>, or after 4 hours regardless.
/// </summary>
public static class TelnyxConferencesApi
{
    private const string Base = "v2/conferences";
    public const int DefaultMinutes = 4 * 60;

    public static readonly string[] Commands =
        ["join", "leave", "mute", "unmute", "hold", "unhold", "play", "stop", "speak", "record_start", "record_stop", "record_pause", "record_resume", "update"];

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Telnyx_CreateConference", "POST", Base, (s, _) => Create(s), Idempotent: true),
        new("Telnyx_ListConferences", "GET", Base, (s, _) => List(s)),
        new("Telnyx_GetConference", "GET", Base + "/{id}", Get),
        new("Telnyx_ListParticipants", "GET", Base + "/{id}/participants", Participants),
        .. Commands.Select(command => new ApiRoute("Telnyx_Conference_" + command, "POST", Base + "/{id}/actions/" + command,
            (s, id) => Command(s, id, command), Idempotent: true)),
    ];

    private sealed record CreateBody(
        string? CallControlId, string? Name, string? BeepEnabled, string? ClientState, bool? ComfortNoise, int? DurationMinutes,
        string? HoldAudioUrl, string? HoldMediaName, int? MaxParticipants, bool? StartConferenceOnCreate);

    private static async Task<IResult> Create(ApiServices s)
    {
        var body = await RequestBody.BindAsync<CreateBody>(s.Context);
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            throw Unprocessable("INVALID_NAME", "'name' is required.");
        }
        var call = await TelnyxCallsApi.LiveCallAsync(s, body.CallControlId, "call_control_id");
        if (body.HoldAudioUrl is not null && body.HoldMediaName is not null)
        {
            throw Unprocessable("INVALID_HOLD_AUDIO", "'hold_audio_url' and 'hold_media_name' cannot be used together.");
        }
        if (body.HoldMediaName is not null)
        {
            throw Unprocessable("MEDIA_STORAGE_NOT_BUILT", "'hold_media_name' names uploaded media, which this project does not keep; give 'hold_audio_url' (a WAV).");
        }
        var startOnCreate = body.StartConferenceOnCreate ?? true;
        var settings = new ConferenceSettings
        {
            Type = ConferenceTypes.Conference,
            Name = body.Name,
            BeepEnabled = body.BeepEnabled ?? BeepModes.Never,
            ClientState = body.ClientState,
            ComfortNoise = body.ComfortNoise,
            DurationMinutes = body.DurationMinutes ?? DefaultMinutes,
            // As the seed says: the hold audio takes effect only when the conference is not started on create.
            HoldAudioUrl = startOnCreate ? null : body.HoldAudioUrl,
            MaxParticipants = body.MaxParticipants,
            StartConferenceOnCreate = startOnCreate,
            EndWhenEmpty = true,
        };
        var id = Guid.NewGuid();
        await s.Entities.CallAsync(EntityId.Conference(id), nameof(ConferenceEntity.Create), new CreateConference(s.Customer, settings), cancellationToken: s.Context.RequestAborted);
        await ConferenceReadiness.WaitProgressingAsync(s, id, s.Context.RequestAborted);
        // The creator's call is bridged in at once, as a member (held until the conference starts, when it does not start on create).
        await s.Entities.CallAsync(EntityId.Call(call.Id), nameof(CallEntity.RunActions), new[] { Join(id, new JoinBody(body.CallControlId, null, null, null, null)) },
            cancellationToken: s.Context.RequestAborted);
        return await ConferenceAnswerAsync(s, id);
    }

    private static async Task<IResult> List(ApiServices s)
    {
        var query = s.Context.Request.Query;
        var number = PageParameter(query["page[number]"].ToString(), "page[number]", 1, 1, int.MaxValue);
        var size = PageParameter(query["page[size]"].ToString(), "page[size]", 20, 1, 250);
        var filters = new Dictionary<string, string>();
        if (query["filter[name]"].ToString() is { Length: > 0 } name)
        {
            filters["name"] = name;
        }
        var status = query["filter[status]"].ToString();
        if (status.Length > 0 && !TelnyxConference.Statuses.Contains(status))
        {
            throw Unprocessable("INVALID_FILTER", $"'filter[status]' is one of: {string.Join(", ", TelnyxConference.Statuses)}.");
        }
        var rows = await s.Index.FirstAsync(Resources.Conference, s.Customer, filters, 10_000, s.Context.RequestAborted);
        var all = rows.Select(TelnyxConference.Of).Where(c => status.Length == 0 || c.Status == status).ToList();
        var pages = Math.Max(1, (all.Count + size - 1) / size);
        return new Ok(new
        {
            data = all.Skip((int)Math.Min((long)(number - 1) * size, all.Count)).Take(size),
            meta = new { page_number = number, page_size = size, total_pages = pages, total_results = all.Count },
        });
    }

    private static async Task<IResult> Get(ApiServices s, string? id) => await ConferenceAnswerAsync(s, (await Owned(s, id)).Id);

    private static async Task<IResult> Participants(ApiServices s, string? id)
    {
        var conference = await Owned(s, id);
        var participants = conference.Participants.Select(p => TelnyxParticipant.Of(conference, p)).ToList();
        return new Ok(new { data = participants, meta = new { page_number = 1, page_size = participants.Count, total_pages = 1, total_results = participants.Count } });
    }

    private sealed record JoinBody(string? CallControlId, bool? StartConferenceOnEnter, bool? EndConferenceOnExit, bool? Mute, string? BeepEnabled);

    private sealed record TargetsBody(string[]? CallControlIds, string? AudioUrl, string? Payload, string? Language, string? Voice, string? Format,
        string? CallControlId, string? SupervisorRole);

    /// <summary>A conference command: the core operation it is, on the conference or on the participants it names.</summary>
    private static async Task<IResult> Command(ApiServices s, string? id, string command)
    {
        var conference = await Owned(s, id);
        if (conference.Status != ConferenceStatus.Progressing)
        {
            throw Unprocessable("CONFERENCE_NOT_PROGRESSING", $"The conference is {TelnyxConference.StatusOf(conference.Status)}: commands need it in_progress.");
        }
        var token = s.Context.RequestAborted;
        var conferenceId = EntityId.Conference(conference.Id);
        switch (command)
        {
            case "join":
            {
                var body = await RequestBody.BindAsync<JoinBody>(s.Context);
                var call = await TelnyxCallsApi.LiveCallAsync(s, body.CallControlId, "call_control_id");
                ConferenceRules.ValidateBeep(body.BeepEnabled, "beep_enabled");
                await s.Entities.CallAsync(EntityId.Call(call.Id), nameof(CallEntity.RunActions), new[] { Join(conference.Id, body) }, cancellationToken: token);
                break;
            }
            case "leave":
            {
                var body = await RequestBody.BindAsync<TargetsBody>(s.Context);
                var participant = ParticipantOf(s, conference, body.CallControlId, "call_control_id");
                await s.Entities.CallAsync(EntityId.Conferencecall(participant.ConferencecallId), nameof(ConferencecallEntity.Kick), cancellationToken: token);
                break;
            }
            case "mute" or "unmute" or "hold" or "unhold":
            {
                var operation = command switch
                {
                    "mute" => nameof(ConferencecallEntity.Mute),
                    "unmute" => nameof(ConferencecallEntity.Unmute),
                    "hold" => nameof(ConferencecallEntity.Hold),
                    _ => nameof(ConferencecallEntity.Unhold),
                };
                foreach (var participant in await TargetsAsync(s, conference))
                {
                    await s.Entities.CallAsync(EntityId.Conferencecall(participant.ConferencecallId), operation, cancellationToken: token);
                }
                break;
            }
            case "play" or "speak":
            {
                var body = await RequestBody.BindAsync<TargetsBody>(s.Context);
                var legs = (await TargetsAsync(s, conference, everyoneWhenNone: false)).Select(p => p.ConferencecallId).ToArray();
                var play = command == "play"
                    ? new PlayRequest(MediaUrl: body.AudioUrl ?? throw Unprocessable("INVALID_AUDIO_URL", "'audio_url' is required."), ConferencecallIds: legs)
                    : new PlayRequest(Text: body.Payload ?? throw Unprocessable("INVALID_PAYLOAD", "'payload' is required."), Language: body.Language ?? "en-US", ConferencecallIds: legs);
                await s.Entities.CallAsync(conferenceId, nameof(ConferenceEntity.Play), play, cancellationToken: token);
                break;
            }
            case "record_start":
            {
                var body = await RequestBody.BindAsync<TargetsBody>(s.Context);
                if (body.Format is not (null or "wav"))
                {
                    throw Unprocessable("INVALID_FORMAT", "'format' is 'wav': recordings are WAV files here.");
                }
                await s.Entities.CallAsync(conferenceId, nameof(ConferenceEntity.RecordingStart), new RecordingStartRequest("wav"), cancellationToken: token);
                break;
            }
            case "record_stop":
                await s.Entities.CallAsync(conferenceId, nameof(ConferenceEntity.RecordingStop), cancellationToken: token);
                break;
            case "record_pause":
                await s.Entities.CallAsync(conferenceId, nameof(ConferenceEntity.RecordingPause), cancellationToken: token);
                break;
            case "record_resume":
                await s.Entities.CallAsync(conferenceId, nameof(ConferenceEntity.RecordingResume), cancellationToken: token);
                break;
            case "update":
            {
                // Supervisor roles: a monitor listens only (muted); barge and none speak; whisper (heard by some only) is not built.
                var body = await RequestBody.BindAsync<TargetsBody>(s.Context);
                var participant = ParticipantOf(s, conference, body.CallControlId, "call_control_id");
                var operation = body.SupervisorRole switch
                {
                    "monitor" => nameof(ConferencecallEntity.Mute),
                    "barge" or "none" => nameof(ConferencecallEntity.Unmute),
                    "whisper" => throw Unprocessable("WHISPER_NOT_BUILT", "'whisper' (heard by some participants only) is not built; use barge, monitor or none."),
                    _ => throw Unprocessable("INVALID_SUPERVISOR_ROLE", "'supervisor_role' is barge, monitor, none or whisper."),
                };
                await s.Entities.CallAsync(EntityId.Conferencecall(participant.ConferencecallId), operation, cancellationToken: token);
                break;
            }
            default:
                // "stop": the media host has no way to cut a prompt short.
                throw Unprocessable("STOP_NOT_BUILT", "Stopping audio being played is not built: a prompt plays to its end.");
        }
        return new Ok(new { data = new { result = "ok" } });
    }

    /// <summary>The conference_join action for a call: its Telnyx options in the core's terms.</summary>
    private static FlowAction Join(Guid conferenceId, JoinBody body) => FlowAction.Of("conference_join", new Dictionary<string, object?>
    {
        ["conference_id"] = conferenceId.ToString(),
        ["role"] = body.StartConferenceOnEnter == true ? Roles.Moderator : Roles.Member,
        ["muted"] = body.Mute ?? false,
        ["end_conference_on_exit"] = body.EndConferenceOnExit ?? false,
        ["beep"] = body.BeepEnabled,
    }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>The participants <c>call_control_ids</c> names (each must be in the conference); none given is everyone, unless <paramref name="everyoneWhenNone"/> is false.</summary>
    private static async Task<IReadOnlyList<Participant>> TargetsAsync(ApiServices s, ConferenceState conference, bool everyoneWhenNone = true)
    {
        var body = await RequestBody.BindAsync<TargetsBody>(s.Context);
        if (body.CallControlIds is not { Length: > 0 } ids)
        {
            return everyoneWhenNone ? conference.Participants.Where(InRoom).ToList() : [];
        }
        return ids.Select(id => ParticipantOf(s, conference, id, "call_control_ids")).ToList();
    }

    private static Participant ParticipantOf(ApiServices s, ConferenceState conference, string? callControlId, string field) =>
        TelnyxIds.CallOf(callControlId, s.Customer) is { } call && conference.Participants.Find(p => p.CallId == call && InRoom(p)) is { } participant
            ? participant
            : throw Unprocessable("PARTICIPANT_NOT_FOUND", $"'{field}' names no call in this conference: {callControlId}.");

    private static bool InRoom(Participant p) => p.Status is ConferencecallStatus.Joining or ConferencecallStatus.Joined;

    private static async Task<ConferenceState> Owned(ApiServices s, string? id) =>
        await s.OwnedAsync<ConferenceState>(EntityId.Conference(ApiInput.Id(id)), c => c.CustomerId, "CONFERENCE_NOT_FOUND");

    private static async Task<IResult> ConferenceAnswerAsync(ApiServices s, Guid id)
    {
        var state = await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(id), s.Context.RequestAborted);
        return new Ok(new { data = TelnyxConference.Of(state!, s.Now) });
    }

    private static int PageParameter(string text, string name, int fallback, int min, int max) =>
        text.Length == 0 ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value
        : throw Unprocessable("INVALID_PAGE", $"'{name}' is a whole number from {min} to {max}.");

    public static ApiInputException Unprocessable(string reason, string detail) => new(StatusCodes.Status422UnprocessableEntity, reason, detail);
}
