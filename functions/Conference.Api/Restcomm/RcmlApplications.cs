using System.Text.Json;
using Conference.Adapters;
using Conference.Core.Conferences;
using Microsoft.Extensions.Logging;

namespace Conference.Api.Restcomm;

/// <summary>
/// A call to a dial-in number runs the number's voice application, as Restcomm and Twilio do: its
/// RCML is fetched with the call's parameters (form-encoded on POST, in the query on GET) and its verbs
/// become the call's actions, which the media host runs. A <c>&lt;Redirect&gt;</c> is followed at once
/// (the verbs before it run first; the verbs after it never would), up to <see cref="MaxDocuments"/>
/// documents. An application that fails (no answer, an error status, a document that is not RCML)
/// leaves the caller hearing so before the call ends, as Twilio's callers do.
/// </summary>
public sealed class RcmlApplications(HttpClient http, ILogger<RcmlApplications> logger)
{
    public const int MaxDocuments = 10;
    public const int MaxDocumentBytes = 256 * 1024;
    public const string ApplicationError = "We are sorry, an application error has occurred. Goodbye.";

    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), ConnectTimeout = TimeSpan.FromSeconds(5), MaxAutomaticRedirections = 5 })
        {
            Timeout = TimeSpan.FromSeconds(10),
            MaxResponseContentBufferSize = MaxDocumentBytes,
        };

    /// <summary>The actions of a call to <paramref name="number"/> from <paramref name="from"/>.</summary>
    public async Task<FlowAction[]> ActionsAsync(ApiServices s, DialInNumber number, Guid callId, string from, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, string>
        {
            ["CallSid"] = RestcommSids.Of(RestcommSids.Call, callId),
            ["AccountSid"] = RestcommSids.Of(RestcommSids.Account, number.CustomerId),
            ["From"] = from,
            ["To"] = number.PhoneNumber,
            ["CallStatus"] = "ringing",
            ["Direction"] = "inbound",
            ["ApiVersion"] = RestcommUris.ApiVersion,
        };
        var actions = new List<FlowAction>();
        try
        {
            var (url, method) = (new Uri(number.VoiceUrl), number.VoiceMethod);
            for (var documents = 1; ; documents++)
            {
                var document = RcmlDocument.Parse(await FetchAsync(url, method, parameters, cancellationToken), url);
                if (document.Skipped.Count > 0)
                {
                    logger.LogInformation("RCML of {Url}: skipped the verbs this project does not run: {Verbs}", url, string.Join(", ", document.Skipped));
                }
                if (await AppendAsync(s, number.CustomerId, document, actions, cancellationToken) is not { } redirect)
                {
                    return [.. actions];
                }
                if (documents == MaxDocuments)
                {
                    throw new RcmlException($"More than {MaxDocuments} documents: a <Redirect> loop?");
                }
                (url, method) = (redirect.Url, redirect.Method);
            }
        }
        catch (Exception e) when (e is RcmlException or Core.Entities.DomainException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The voice application of {Number} failed: {Error}", number.PhoneNumber, e.Message);
            return [.. actions.Count == 0 ? [FlowAction.Of("answer")] : actions, FlowAction.Of("talk", new { text = ApplicationError, language = "en-US" }), FlowAction.Of("hangup")];
        }
    }

    /// <summary>Appends a document's verbs as actions; the redirect that ends it, if any.</summary>
    private static async Task<RcmlRedirect?> AppendAsync(ApiServices s, Guid customerId, RcmlDocument document, List<FlowAction> actions, CancellationToken cancellationToken)
    {
        foreach (var verb in document.Verbs)
        {
            if (verb is RcmlReject)
            {
                actions.Add(FlowAction.Of("hangup"));
                return null;
            }
            if (actions.Count == 0)
            {
                actions.Add(FlowAction.Of("answer"));
            }
            switch (verb)
            {
                case RcmlSay say:
                    actions.AddRange(Enumerable.Repeat(FlowAction.Of("talk", new { text = say.Text, language = say.Language }), say.Loop));
                    break;
                case RcmlPlay play:
                    actions.AddRange(Enumerable.Repeat(FlowAction.Of("play", new { media_url = play.Url.ToString() }), play.Loop));
                    break;
                case RcmlPause pause:
                    actions.Add(FlowAction.Of("sleep", new { duration = pause.Seconds * 1000 }));
                    break;
                case RcmlHangup:
                    actions.Add(FlowAction.Of("hangup"));
                    return null;
                case RcmlRedirect redirect:
                    return redirect;
                case RcmlConference conference:
                    var id = await RcmlConferences.FindOrCreateAsync(s, customerId, conference, cancellationToken);
                    actions.Add(FlowAction.Of("conference_join", new
                    {
                        conference_id = id.ToString(),
                        role = conference.StartConferenceOnEnter ? Roles.Moderator : Roles.Member,
                        muted = conference.Muted,
                        beep = conference.Beep,
                        end_conference_on_exit = conference.EndConferenceOnExit,
                    }));
                    break;
            }
        }
        return null;
    }

    private async Task<string> FetchAsync(Uri url, string method, Dictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        using var request = method == "GET"
            ? new HttpRequestMessage(HttpMethod.Get, new UriBuilder(url) { Query = Query(url, parameters) }.Uri)
            : new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(parameters) };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RcmlException($"{method} {url} answered {(int)response.StatusCode}.");
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static string Query(Uri url, Dictionary<string, string> parameters)
    {
        var own = url.Query.TrimStart('?');
        var added = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return own.Length > 0 ? own + "&" + added : added;
    }
}
