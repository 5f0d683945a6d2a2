using System.Text.Json;
using System.Text.Json.Nodes;
using Conference.Adapters;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Api.Restcomm;

/// <summary>
/// Restcomm's and Twilio's <c>IncomingPhoneNumbers</c>: a customer binds a dial-in number to a voice
/// application (<c>VoiceUrl</c>, fetched with <c>VoiceMethod</c>, POST by default). A SIP call to
/// <c>sip:&lt;number&gt;@&lt;media host&gt;</c> then runs the RCML it answers (<see cref="RcmlApplications"/>).
/// There is no carrier here: the number is whatever digits the customer claims, first come first served.
/// </summary>
public static class RestcommNumbers
{
    private const string Numbers = "restcomm/" + RestcommUris.ApiVersion + "/Accounts/{account}/IncomingPhoneNumbers";

    public static IReadOnlyList<ApiRoute> Routes { get; } =
    [
        new("Restcomm_CreateNumber", "POST", Numbers, (s, _) => Create(s)),
        new("Restcomm_CreateNumberJson", "POST", Numbers + ".json", (s, _) => Create(s)),
        new("Restcomm_ListNumbers", "GET", Numbers, (s, _) => List(s)),
        new("Restcomm_ListNumbersJson", "GET", Numbers + ".json", (s, _) => List(s)),
        new("Restcomm_GetNumber", "GET", Numbers + "/{number}", (s, _) => Get(s)),
        new("Restcomm_UpdateNumber", "POST", Numbers + "/{number}", (s, _) => Update(s)),
        new("Restcomm_DeleteNumber", "DELETE", Numbers + "/{number}", (s, _) => Delete(s)),
    ];

    private static DialInNumbers Store(ApiServices s) => s.Context.RequestServices.GetRequiredService<DialInNumbers>();

    private static async Task<IResult> Create(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var form = await FormOf(s);
        var phoneNumber = form["PhoneNumber"].ToString();
        if (!DialInNumbers.IsWellFormed(phoneNumber))
        {
            throw ApiInputException.Invalid("INVALID_PHONE_NUMBER", "PhoneNumber is required: digits, with an optional leading '+' (E.164).");
        }
        var now = s.Now;
        var number = Apply(new DialInNumber(Guid.NewGuid(), s.Customer, phoneNumber, phoneNumber, "", "POST", now, now), form);
        if (!await Store(s).AddAsync(number, s.Context.RequestAborted))
        {
            throw DomainException.Conflict("PHONE_NUMBER_TAKEN", $"{phoneNumber} is already bound.");
        }
        return new RestcommBody(View(number, path.AccountSid), path.Json, ItemName: "IncomingPhoneNumber", Status: StatusCodes.Status201Created);
    }

    private static async Task<IResult> List(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var paging = RestcommPaging.From(s.Context.Request);
        var numbers = (await Store(s).ListAsync(s.Customer, s.Context.RequestAborted)).Where(n => n.ConferenceId == Guid.Empty && n.Role.Length == 0).Take(paging.Limit).ToList();
        return new RestcommBody(paging.Envelope(numbers, Uri(path.AccountSid), "incoming_phone_numbers", n => View(n, path.AccountSid)), path.Json,
            "incoming_phone_numbers", "IncomingPhoneNumber");
    }

    private static async Task<IResult> Get(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        return new RestcommBody(View(await Owned(s, path), path.AccountSid), path.Json, ItemName: "IncomingPhoneNumber");
    }

    private static async Task<IResult> Update(ApiServices s)
    {
        var path = RestcommPath.Of(s);
        var number = Apply(await Owned(s, path), await FormOf(s)) with { TmUpdate = s.Now };
        await Store(s).UpdateAsync(number, s.Context.RequestAborted);
        return new RestcommBody(View(number, path.AccountSid), path.Json, ItemName: "IncomingPhoneNumber");
    }

    private static async Task<IResult> Delete(ApiServices s)
    {
        await Store(s).DeleteAsync(await Owned(s, RestcommPath.Of(s)), s.Context.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IFormCollection> FormOf(ApiServices s) =>
        s.Context.Request.HasFormContentType ? await s.Context.Request.ReadFormAsync(s.Context.RequestAborted) : FormCollection.Empty;

    /// <summary>The form's <c>FriendlyName</c>, <c>VoiceUrl</c> and <c>VoiceMethod</c>, where given.</summary>
    private static DialInNumber Apply(DialInNumber number, IFormCollection form)
    {
        var url = form.TryGetValue("VoiceUrl", out var u) ? u.ToString() : number.VoiceUrl;
        if (url.Length > 0 && !ConferenceRules.IsHttpUrl(url))
        {
            throw ApiInputException.Invalid("INVALID_VOICE_URL", "VoiceUrl is an absolute http(s) URL.");
        }
        var method = form.TryGetValue("VoiceMethod", out var m) ? m.ToString().ToUpperInvariant() : number.VoiceMethod;
        if (method is not ("GET" or "POST"))
        {
            throw ApiInputException.Invalid("INVALID_VOICE_METHOD", "VoiceMethod is GET or POST.");
        }
        var name = form.TryGetValue("FriendlyName", out var f) ? f.ToString() : number.FriendlyName;
        if (name.Length > 64)
        {
            throw ApiInputException.Invalid("INVALID_FRIENDLY_NAME", "FriendlyName is at most 64 characters.");
        }
        return number with { VoiceUrl = url, VoiceMethod = method, FriendlyName = name };
    }

    private static async Task<DialInNumber> Owned(ApiServices s, RestcommPath path) =>
        RestcommSids.Parse(RestcommSids.PhoneNumber, path.NumberSid ?? "") is { } id && await Store(s).FindAsync(s.Customer, id, s.Context.RequestAborted) is { ConferenceId: var conference, Role.Length: 0 } number && conference == Guid.Empty
            ? number
            : throw DomainException.NotFound("PHONE_NUMBER_NOT_FOUND", $"No incoming phone number {path.NumberSid}.");

    private static string Uri(string accountSid) => $"/{RestcommUris.ApiVersion}/Accounts/{accountSid}/IncomingPhoneNumbers";

    private static JsonObject View(DialInNumber number, string accountSid) =>
        JsonSerializer.SerializeToNode(RestcommIncomingPhoneNumber.Of(number, accountSid, Uri(accountSid)), CoreJson.Options)!.AsObject();
}

/// <summary>An incoming phone number as Restcomm and Twilio show it.</summary>
public sealed record RestcommIncomingPhoneNumber(
    string Sid, string AccountSid, string FriendlyName, string PhoneNumber, string VoiceUrl, string VoiceMethod,
    string DateCreated, string DateUpdated, string ApiVersion, string Uri)
{
    public static RestcommIncomingPhoneNumber Of(DialInNumber number, string accountSid, string listUri)
    {
        var sid = RestcommSids.Of(RestcommSids.PhoneNumber, number.Id);
        return new(sid, accountSid, number.FriendlyName, number.PhoneNumber, number.VoiceUrl, number.VoiceMethod,
            RestcommDates.Of(number.TmCreate), RestcommDates.Of(number.TmUpdate), RestcommUris.ApiVersion, listUri + "/" + sid + ".json");
    }
}
