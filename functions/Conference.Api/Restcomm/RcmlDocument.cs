using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Conference.Api.Restcomm;

/// <summary>One verb of an RCML (TwiML) document, as far as this project runs them.</summary>
public abstract record RcmlVerb;

public sealed record RcmlSay(string Text, string Language, int Loop) : RcmlVerb;

public sealed record RcmlPlay(Uri Url, int Loop) : RcmlVerb;

public sealed record RcmlPause(int Seconds) : RcmlVerb;

public sealed record RcmlHangup : RcmlVerb;

/// <summary>Ends the call without answering it.</summary>
public sealed record RcmlReject : RcmlVerb;

public sealed record RcmlRedirect(Uri Url, string Method) : RcmlVerb;

/// <summary><c>&lt;Dial&gt;&lt;Conference&gt;name&lt;/Conference&gt;&lt;/Dial&gt;</c> and the noun's attributes.</summary>
public sealed record RcmlConference(
    string Name, bool Muted, string Beep, bool StartConferenceOnEnter, bool EndConferenceOnExit, Uri? WaitUrl, int MaxParticipants,
    Uri? StatusCallback, string StatusCallbackMethod, string[] StatusCallbackEvents) : RcmlVerb;

/// <summary>
/// Reads an RCML document: a <c>&lt;Response&gt;</c> whose children are verbs. Relative URLs are read
/// against the document's own URL. A verb this project does not run (Gather, Record, Sms, a Dial to a
/// number) is skipped and named in <see cref="Skipped"/>; a document that is not RCML, or a verb
/// with a wrong attribute, is a <see cref="RcmlException"/>: the caller hears that the application failed.
/// </summary>
public sealed record RcmlDocument(IReadOnlyList<RcmlVerb> Verbs, IReadOnlyList<string> Skipped)
{
    public const int MaxLoop = 10;
    public const int MaxPauseSeconds = 600;
    public const int MaxConferenceParticipants = 250;

    public static RcmlDocument Parse(string xml, Uri documentUrl)
    {
        XElement root;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            root = XElement.Load(reader);
        }
        catch (XmlException e)
        {
            throw new RcmlException($"The document is not XML: {e.Message}");
        }
        if (root.Name.LocalName != "Response")
        {
            throw new RcmlException($"The document's root is <{root.Name.LocalName}>, not <Response>.");
        }
        var verbs = new List<RcmlVerb>();
        var skipped = new List<string>();
        foreach (var verb in root.Elements())
        {
            var read = Verb(verb, documentUrl);
            if (read is null)
            {
                skipped.Add(verb.Name.LocalName);
            }
            else
            {
                verbs.Add(read);
            }
        }
        return new RcmlDocument(verbs, skipped);
    }

    private static RcmlVerb? Verb(XElement verb, Uri documentUrl) => verb.Name.LocalName switch
    {
        "Say" => new RcmlSay(Required(verb.Value.Trim(), "Say", "text"), Attribute(verb, "language") ?? "en-US", Loop(verb)),
        "Play" => new RcmlPlay(Url(Required(verb.Value.Trim(), "Play", "URL"), documentUrl, "Play"), Loop(verb)),
        "Pause" => new RcmlPause(Number(verb, "length", 1, 0, MaxPauseSeconds)),
        "Hangup" => new RcmlHangup(),
        "Reject" => new RcmlReject(),
        "Redirect" => new RcmlRedirect(Url(Required(verb.Value.Trim(), "Redirect", "URL"), documentUrl, "Redirect"), Method(verb, "method")),
        "Dial" => verb.Elements().FirstOrDefault(e => e.Name.LocalName == "Conference") is { } conference ? Conference(conference, documentUrl) : null,
        _ => null,
    };

    private static RcmlConference Conference(XElement noun, Uri documentUrl)
    {
        var name = Required(noun.Value.Trim(), "Conference", "name");
        if (name.Length > 128)
        {
            throw new RcmlException("A <Conference> name is at most 128 characters.");
        }
        var beep = (Attribute(noun, "beep") ?? "true") switch
        {
            "true" => "always",
            "false" => "never",
            "onEnter" => "on_enter",
            "onExit" => "on_exit",
            var other => throw new RcmlException($"<Conference beep=\"{other}\"> is true, false, onEnter or onExit."),
        };
        var wait = Attribute(noun, "waitUrl");
        var callback = Attribute(noun, "statusCallback");
        var events = (Attribute(noun, "statusCallbackEvent") ?? "start end join leave")
            .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
            .Where(Core.Conferences.StatusCallback.AllEvents.Contains).Distinct().ToArray();
        return new RcmlConference(name, Flag(noun, "muted", false), beep, Flag(noun, "startConferenceOnEnter", true), Flag(noun, "endConferenceOnExit", false),
            string.IsNullOrEmpty(wait) ? null : Url(wait, documentUrl, "Conference waitUrl"),
            Number(noun, "maxParticipants", MaxConferenceParticipants, 2, MaxConferenceParticipants),
            string.IsNullOrEmpty(callback) ? null : Url(callback, documentUrl, "Conference statusCallback"), Method(noun, "statusCallbackMethod"), events);
    }

    private static string? Attribute(XElement element, string name) => element.Attribute(name)?.Value.Trim();

    private static string Required(string value, string verb, string what) =>
        value.Length > 0 ? value : throw new RcmlException($"<{verb}> needs its {what}.");

    private static Uri Url(string text, Uri documentUrl, string where) =>
        Uri.TryCreate(documentUrl, text, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new RcmlException($"<{where}> URL '{text}' is not an http(s) URL.");

    private static string Method(XElement element, string name) => (Attribute(element, name) ?? "POST").ToUpperInvariant() switch
    {
        "POST" => "POST",
        "GET" => "GET",
        var other => throw new RcmlException($"{name}=\"{other}\" is GET or POST."),
    };

    /// <summary>Twilio's <c>loop</c>: 0 repeats until the call ends, here at most <see cref="MaxLoop"/> times.</summary>
    private static int Loop(XElement verb)
    {
        var loop = Number(verb, "loop", 1, 0, 1000);
        return loop == 0 ? MaxLoop : Math.Min(loop, MaxLoop);
    }

    private static int Number(XElement element, string name, int fallback, int min, int max)
    {
        var text = Attribute(element, name);
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new RcmlException($"<{element.Name.LocalName} {name}=\"{text}\"> is a whole number from {min} to {max}.");
    }

    private static bool Flag(XElement element, string name, bool fallback) => Attribute(element, name) switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        var other => throw new RcmlException($"<{element.Name.LocalName} {name}=\"{other}\"> is true or false."),
    };
}

/// <summary>An RCML document that cannot be run, or an application that did not answer with one.</summary>
public sealed class RcmlException(string message) : Exception(message);
