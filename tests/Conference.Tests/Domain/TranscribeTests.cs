using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;
using Conference.Core.Transcribes;
using Conference.Tests.Support;
using System.Text.Json;
using Conference.Core.Json;

namespace Conference.Tests.Domain;

public sealed class TranscribeTests
{
    private static Harness<TranscribeEntity, TranscribeState> Transcribe()
    {
        var transcribe = new Harness<TranscribeEntity, TranscribeState>(EntityId.Transcribe(Guid.NewGuid()));
        transcribe.Run(e => e.Create(new CreateTranscribe(Guid.NewGuid(), Harnesses.Customer, "en-US")));
        return transcribe;
    }

    [Fact]
    public void Starting_transcription_creates_the_transcribe_resource_in_the_engines_spelling_of_the_language()
    {
        var conference = Harnesses.Conference();

        var id = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-us", ["en-US", "de-DE"]))).TranscribeId;

        var create = Assert.Single(conference.Signals(nameof(TranscribeEntity.Create)));
        Assert.Equal(EntityId.Transcribe(id), create.Target);
        var input = create.Input!.Value.Deserialize<CreateTranscribe>(CoreJson.Options)!;
        Assert.Equal((conference.State.Id, Harnesses.Customer, "en-US"), (input.ConferenceId, input.CustomerId, input.Language));
        Assert.Equal("en-US", Assert.Single(conference.Media<StartTranscription>()).Language);
    }

    [Fact]
    public void A_language_the_engine_cannot_do_is_refused_with_the_ones_it_can()
    {
        var conference = Harnesses.Conference();

        var refusal = Assert.Throws<DomainException>(() => conference.Run(e => e.TranscribeStart(new StartTranscribe("de-DE", ["en-US"]))));

        Assert.Equal((ErrorKind.Invalid, "UNSUPPORTED_LANGUAGE"), (refusal.Kind, refusal.Reason));
        Assert.Contains("en-US", refusal.Message);
        Assert.Equal(Guid.Empty, conference.State.TranscribeId);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("terminate")]
    [InlineData("room_lost")]
    public void Every_end_of_a_transcription_makes_its_transcribe_done(string how)
    {
        var conference = Harnesses.Conference();
        var id = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).TranscribeId;

        switch (how)
        {
            case "stop": conference.Run(e => e.TranscribeStop()); break;
            case "terminate": conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api))); break;
            default: conference.Run(e => e.RoomLost()); break;
        }

        var stop = Assert.Single(conference.Signals(nameof(TranscribeEntity.Stop)));
        Assert.Equal(EntityId.Transcribe(id), stop.Target);
    }

    [Fact]
    public void A_transcribe_goes_from_progressing_to_done_and_is_deleted_only_when_done()
    {
        var transcribe = Transcribe();
        Assert.Equal(TranscribeStatus.Progressing, transcribe.State.Status);
        Assert.Equal("TRANSCRIBE_ACTIVE", Assert.Throws<DomainException>(() => transcribe.Run(e => e.Delete())).Reason);

        transcribe.Run(e => e.Stop());
        Assert.Equal(TranscribeStatus.Done, transcribe.State.Status);
        var deleted = transcribe.Run(e => e.Delete());

        Assert.NotEqual(Timestamps.Never, deleted.TmDelete);
        Assert.Equal(Resources.Transcribe, transcribe.Effects.OfType<ProjectEffect>().Single().Resource);
    }

    [Fact]
    public void A_transcript_is_stored_and_published_with_its_participant_and_the_moment_it_was_said()
    {
        var conference = Harnesses.Conference();
        var transcribe = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).TranscribeId;
        var participant = Guid.NewGuid();
        var said = new DateTimeOffset(2026, 11, 21, 12, 0, 1, 250, TimeSpan.Zero);

        conference.Run(e => e.TranscriptCreated(new TranscriptReport(transcribe, participant, "in", "he was not an ill disposed young man", said)));

        var stored = Assert.Single(conference.Effects.OfType<ProjectEffect>(), p => p.Resource == Resources.Transcript);
        var published = Assert.Single(conference.Effects.OfType<PublishEffect>()).Event;
        Assert.Equal(EventTypes.TranscriptCreated, published.Type);
        var view = stored.View.Deserialize<TranscriptView>(CoreJson.Options)!;
        Assert.Equal((transcribe, participant, "in", "2026-11-21 12:00:01.250000"), (view.TranscribeId, view.ConferencecallId, view.Direction, view.TmTranscript));
        Assert.Equal(view.Id, published.Data.GetProperty("id").GetGuid());
        Assert.Equal(view.Message, published.Data.GetProperty("message").GetString());
    }

    [Fact]
    public void Transcripts_of_another_transcribe_or_with_no_words_are_ignored()
    {
        var conference = Harnesses.Conference();
        var transcribe = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).TranscribeId;

        conference.Run(e => e.TranscriptCreated(new TranscriptReport(Guid.NewGuid(), Guid.NewGuid(), "in", "words", DateTimeOffset.UtcNow)));
        Assert.Empty(conference.Effects);
        conference.Run(e => e.TranscriptCreated(new TranscriptReport(transcribe, Guid.NewGuid(), "in", "", DateTimeOffset.UtcNow)));
        Assert.Empty(conference.Effects);
    }

    [Fact]
    public void A_turn_transcribed_after_the_stop_is_still_kept()
    {
        var conference = Harnesses.Conference();
        var transcribe = conference.Run(e => e.TranscribeStart(new StartTranscribe("en-US", ["en-US"]))).TranscribeId;
        conference.Run(e => e.TranscribeStop());

        conference.Run(e => e.TranscriptCreated(new TranscriptReport(transcribe, Guid.NewGuid(), "in", "the last words", DateTimeOffset.UtcNow)));

        Assert.Single(conference.Effects.OfType<ProjectEffect>(), p => p.Resource == Resources.Transcript);
    }
}
