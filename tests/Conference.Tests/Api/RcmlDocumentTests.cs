using Conference.Api.Restcomm;

namespace Conference.Tests.Api;

public sealed class RcmlDocumentTests
{
    private static readonly Uri At = new("http://app.example/voice/start.xml");

    [Fact]
    public void The_verbs_are_read_in_order_with_their_attributes_and_relative_urls_read_against_the_document()
    {
        var document = RcmlDocument.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Say language="fr-FR" loop="2">Bonjour</Say>
              <Play loop="0">/audio/hold.wav</Play>
              <Pause length="3"/>
              <Gather numDigits="1"/>
              <Dial timeLimit="30">
                <Conference muted="true" beep="onExit" startConferenceOnEnter="false" endConferenceOnExit="true" waitUrl="music.wav"
                            maxParticipants="10" statusCallback="status" statusCallbackMethod="get" statusCallbackEvent="start join speaker">Sales</Conference>
              </Dial>
              <Redirect method="GET">next.xml</Redirect>
              <Hangup/>
            </Response>
            """, At);

        Assert.Equal(["Gather"], document.Skipped);
        Assert.Collection(document.Verbs,
            v => Assert.Equal(new RcmlSay("Bonjour", "fr-FR", 2), v),
            v => Assert.Equal(new RcmlPlay(new Uri("http://app.example/audio/hold.wav"), RcmlDocument.MaxLoop), v),
            v => Assert.Equal(new RcmlPause(3), v),
            v =>
            {
                var conference = Assert.IsType<RcmlConference>(v);
                Assert.Equal(("Sales", true, "on_exit", false, true), (conference.Name, conference.Muted, conference.Beep, conference.StartConferenceOnEnter, conference.EndConferenceOnExit));
                Assert.Equal(new Uri("http://app.example/voice/music.wav"), conference.WaitUrl);
                Assert.Equal(10, conference.MaxParticipants);
                Assert.Equal(new Uri("http://app.example/voice/status"), conference.StatusCallback);
                Assert.Equal("GET", conference.StatusCallbackMethod);
                Assert.Equal(["start", "join"], conference.StatusCallbackEvents);
            },
            v => Assert.Equal(new RcmlRedirect(new Uri("http://app.example/voice/next.xml"), "GET"), v),
            v => Assert.IsType<RcmlHangup>(v));
    }

    [Fact]
    public void A_conference_takes_twilios_defaults()
    {
        var c = Assert.IsType<RcmlConference>(Assert.Single(RcmlDocument.Parse("<Response><Dial><Conference>room</Conference></Dial></Response>", At).Verbs));
        Assert.Equal(("room", false, "always", true, false, (Uri?)null, 250), (c.Name, c.Muted, c.Beep, c.StartConferenceOnEnter, c.EndConferenceOnExit, c.WaitUrl, c.MaxParticipants));
        Assert.Null(c.StatusCallback);
        Assert.Equal(["start", "end", "join", "leave"], c.StatusCallbackEvents);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<Document><Say>hi</Say></Document>")]
    [InlineData("<Response><Say></Say></Response>")]
    [InlineData("<Response><Pause length=\"-1\"/></Response>")]
    [InlineData("<Response><Pause length=\"601\"/></Response>")]
    [InlineData("<Response><Play>ftp://files.example/a.wav</Play></Response>")]
    [InlineData("<Response><Dial><Conference beep=\"sometimes\">room</Conference></Dial></Response>")]
    [InlineData("<Response><Dial><Conference muted=\"yes\">room</Conference></Dial></Response>")]
    [InlineData("<Response><Dial><Conference maxParticipants=\"251\">room</Conference></Dial></Response>")]
    [InlineData("<Response><Redirect method=\"PUT\">next</Redirect></Response>")]
    [InlineData("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Response><Say>&x;</Say></Response>")]
    public void A_document_that_cannot_be_run_is_refused_with_a_reason(string xml)
    {
        var refused = Assert.Throws<RcmlException>(() => RcmlDocument.Parse(xml, At));
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
    }
}
