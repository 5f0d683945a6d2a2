using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Calls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api.Telnyx;

/// <summary>
/// As much of Telnyx Call Control as a conference needs: dial a SIP URI (<c>POST /v2/calls</c>), read
/// the call, and its <c>answer</c>, <c>hangup</c> and <c>speak</c> commands, and numbers whose incoming
/// calls ring until answered by command. A Telnyx call is a controlled call: it stays up when
/// answered, in silence, and runs each command as it comes (a conference join, a prompt), until it
/// is hung up.
/// </summary>
public static class TelnyxCallsApi
{
    private const string Base = "v2/calls";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Telnyx_Dial", "POST", Base, (s, _) => Dial(s), Idempotent: true),
        new("Telnyx_GetCall", "GET", Base + "/{id}", Get),
        new("Telnyx_Call_answer", "POST", Base + "/{id}/actions/answer", Answer, Idempotent: true),
        new("Telnyx_Call_hangup", "POST", Base + "/{id}/actions/hangup", Hangup, Idempotent: true),
        new("Telnyx_Call_speak", "POST", Base + "/{id}/actions/speak", Speak, Idempotent: true),
        new("Telnyx_ClaimNumber", "POST", "v2/phone_numbers", (s, _) => ClaimNumber(s), Idempotent: true),
        new("Telnyx_ReleaseNumber", "DELETE", "v2/phone_numbers/{id}", ReleaseNumber),
    ];

    private sealed record DialBody(string? To, string? From, string? ConnectionId);

    private static async Task<IResult> Dial(ApiServices s)
    {
        var body = await RequestBody.BindAsync<DialBody>(s.Context);
        if (!SipAddress.TryParse(body.To, out _))
        {
            throw TelnyxConferencesApi.Unprocessable("INVALID_TO", "'to' is required: a SIP URI, sip:user@host[:port] (there is no telephone network here).");
        }
        var id = Guid.NewGuid();
        await s.Entities.CallAsync(EntityId.Call(id), nameof(CallEntity.Create),
            new CreateCall(s.Customer, CallTypes.Sip, CallDirections.Outgoing, body.From ?? "", body.To!, [], Controlled: true), cancellationToken: s.Context.RequestAborted);
        return await CallAnswerAsync(s, id);
    }

    private static async Task<IResult> Get(ApiServices s, string? id) => await CallAnswerAsync(s, (await OwnedCallAsync(s, id, "call_control_id")).Id);

    /// <summary>An incoming call to a Call Control number rings until this answers it.</summary>
    private static async Task<IResult> Answer(ApiServices s, string? id)
    {
        var call = await OwnedCallAsync(s, id, "call_control_id");
        if (call is not { Direction: CallDirections.Incoming, Controlled: true })
        {
            throw TelnyxConferencesApi.Unprocessable("CALL_NOT_INCOMING", "Only an incoming call to a Call Control number is answered; a dialed one is answered by the far end.");
        }
        if (call.Status != CallStatus.Ringing)
        {
            throw TelnyxConferencesApi.Unprocessable(call.Status == CallStatus.Progressing ? "CALL_ANSWERED" : "CALL_ENDED",
                call.Status == CallStatus.Progressing ? "Call has already been answered." : "Call has already ended.");
        }
        await s.Entities.CallAsync(EntityId.Call(call.Id), nameof(CallEntity.RunActions), new[] { FlowAction.Of("answer") }, cancellationToken: s.Context.RequestAborted);
        return Result();
    }

    private sealed record NumberBody(string? PhoneNumber, string? ConnectionId);

    /// <summary>
    /// A number whose calls go to Call Control: each is reported (<c>call.initiated</c>, incoming) and
    /// rings until answered by command. Telnyx sells numbers and assigns them to a connection in its
    /// portal; with no carrier here, the account claims the digits.
    /// </summary>
    private static async Task<IResult> ClaimNumber(ApiServices s)
    {
        var body = await RequestBody.BindAsync<NumberBody>(s.Context);
        if (!DialInNumbers.IsWellFormed(body.PhoneNumber))
        {
            throw TelnyxConferencesApi.Unprocessable("INVALID_PHONE_NUMBER", "'phone_number' is required: digits, with an optional leading '+'.");
        }
        var now = s.Now;
        var number = new DialInNumber(Guid.NewGuid(), s.Customer, body.PhoneNumber!, body.ConnectionId ?? "", "", "POST", now, now, Role: CallControlRole);
        if (!await Numbers(s).AddAsync(number, s.Context.RequestAborted))
        {
            throw TelnyxConferencesApi.Unprocessable("PHONE_NUMBER_TAKEN", $"{body.PhoneNumber} is already in use.");
        }
        return NumberAnswer(number);
    }

    private static async Task<IResult> ReleaseNumber(ApiServices s, string? id)
    {
        var number = Guid.TryParse(id, out var numberId) && await Numbers(s).FindAsync(s.Customer, numberId, s.Context.RequestAborted) is { Role: CallControlRole } found
            ? found
            : throw new ApiInputException(StatusCodes.Status404NotFound, "PHONE_NUMBER_NOT_FOUND", $"No phone number {id}.");
        await Numbers(s).DeleteAsync(number, s.Context.RequestAborted);
        return NumberAnswer(number);
    }

    /// <summary>The role of a number whose calls go to Call Control.</summary>
    public const string CallControlRole = "call_control";

    private static DialInNumbers Numbers(ApiServices s) => s.Context.RequestServices.GetRequiredService<DialInNumbers>();

    private static Ok NumberAnswer(DialInNumber number) => new(new
    {
        data = new { record_type = "phone_number", id = number.Id, phone_number = number.PhoneNumber, connection_id = number.FriendlyName, status = "active", created_at = TelnyxTimes.Of(number.TmCreate) },
    });

    /// <summary>What a call to a Call Control number is: a controlled incoming call, ringing, with nothing to do until a command comes.</summary>
    public static CreateCall IncomingCall(DialInNumber number, string source, string destination) =>
        new(number.CustomerId, CallTypes.Sip, CallDirections.Incoming, source, destination, [], Controlled: true);

    private static async Task<IResult> Hangup(ApiServices s, string? id)
    {
        var call = await OwnedCallAsync(s, id, "call_control_id");
        if (call.Status == CallStatus.Hangup)
        {
            throw TelnyxConferencesApi.Unprocessable("CALL_ENDED", "Call has already ended.");
        }
        await s.Entities.CallAsync(EntityId.Call(call.Id), nameof(CallEntity.Hangup), cancellationToken: s.Context.RequestAborted);
        return Result();
    }

    private sealed record SpeakBody(string? Payload, string? Language, string? Voice);

    private static async Task<IResult> Speak(ApiServices s, string? id)
    {
        var body = await RequestBody.BindAsync<SpeakBody>(s.Context);
        var call = await LiveCallAsync(s, id, "call_control_id", inPath: true);
        if (string.IsNullOrWhiteSpace(body.Payload))
        {
            throw TelnyxConferencesApi.Unprocessable("INVALID_PAYLOAD", "'payload' is required.");
        }
        var talk = FlowAction.Of("talk", new { text = body.Payload, language = body.Language ?? "en-US" });
        await s.Entities.CallAsync(EntityId.Call(call.Id), nameof(CallEntity.RunActions), new[] { talk }, cancellationToken: s.Context.RequestAborted);
        return Result();
    }

    /// <summary>The caller's call a call control id names: a path's that names none is 404, a body field's 422, as Telnyx answers.</summary>
    public static async Task<CallState> OwnedCallAsync(ApiServices s, string? callControlId, string field, int notFound = StatusCodes.Status404NotFound)
    {
        var call = TelnyxIds.CallOf(callControlId, s.Customer) is { } id
            ? await s.Entities.GetStateAsync<CallState>(EntityId.Call(id), s.Context.RequestAborted)
            : null;
        return call is not null && call.CustomerId == s.Customer
            ? call
            : throw new ApiInputException(notFound, "CALL_NOT_FOUND", $"'{field}' names no call of this account: {callControlId}.");
    }

    /// <summary>A call that takes commands now: answered, up, and controlled (dialed through <c>POST /v2/calls</c>).</summary>
    public static async Task<CallState> LiveCallAsync(ApiServices s, string? callControlId, string field, bool inPath = false)
    {
        if (string.IsNullOrEmpty(callControlId))
        {
            throw TelnyxConferencesApi.Unprocessable("INVALID_CALL_CONTROL_ID", $"'{field}' is required.");
        }
        var call = await OwnedCallAsync(s, callControlId, field, inPath ? StatusCodes.Status404NotFound : StatusCodes.Status422UnprocessableEntity);
        return call switch
        {
            { Status: CallStatus.Hangup or CallStatus.Terminating } => throw TelnyxConferencesApi.Unprocessable("CALL_ENDED", "Call has already ended."),
            { Controlled: false } => throw TelnyxConferencesApi.Unprocessable("CALL_NOT_CONTROLLED", "This call runs its own actions and takes no commands."),
            { Status: not CallStatus.Progressing } => throw TelnyxConferencesApi.Unprocessable("CALL_NOT_ANSWERED", $"The call is {call.Status}: not answered yet."),
            _ => call,
        };
    }

    private static async Task<IResult> CallAnswerAsync(ApiServices s, Guid id)
    {
        var call = await s.Entities.GetStateAsync<CallState>(EntityId.Call(id), s.Context.RequestAborted);
        return new Ok(new { data = TelnyxCall.Of(call!, s.Now) });
    }

    private static Ok Result() => new(new { data = new { result = "ok" } });
}
