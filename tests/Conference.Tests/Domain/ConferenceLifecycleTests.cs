using System.Text.Json;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Entities;
using Conference.Core.Events;
using Conference.Core.Media;
using Conference.Tests.Support;

namespace Conference.Tests.Domain;

public sealed class ConferenceLifecycleTests
{
    [Fact]
    public void Create_starts_in_starting_with_a_direct_hash_and_asks_the_media_host_for_a_room()
    {
        var conference = Harnesses.Conference(progressing: false);

        Assert.Equal(ConferenceStatus.Starting, conference.State.Status);
        Assert.True(DirectHash.IsWellFormed(conference.State.DirectHash));
        Assert.Equal(conference.State.TmCreate, conference.State.TmUpdate);
        Assert.Equal(conference.State.DirectHash, Assert.Single(conference.Media<CreateRoom>()).DirectHash);
        var check = Assert.Single(conference.Signals(nameof(ConferenceEntity.RoomCheck)));
        Assert.Equal(conference.Now.AddSeconds(10), check.At);
        Assert.Contains(conference.Effects, e => e is DirectHashEffect { OldHash: null });
        Assert.Equal(EventTypes.ConferenceCreated, conference.Effects.OfType<PublishEffect>().Single().Event.Type);
    }

    [Fact]
    public void Create_applies_the_documented_defaults()
    {
        var view = ConferenceView.Of(Harnesses.Conference().State, DateTime.UtcNow);

        Assert.Equal(250, view.MaxParticipants);
        Assert.Equal(BeepModes.Never, view.BeepEnabled);
        Assert.True(view.StartConferenceOnCreate);
        Assert.True(view.ComfortNoise);
        Assert.Equal(0, view.Timeout);
        Assert.Equal(Guid.Empty, view.RecordingId);
        Assert.Empty(view.RecordingIds);
        Assert.Equal(Timestamps.Never, view.TmDelete);
        Assert.Equal(JsonValueKind.Object, view.Data.ValueKind);
    }

    [Theory]
    [InlineData(null, "INVALID_TYPE")]
    [InlineData("webinar", "INVALID_TYPE")]
    public void Create_needs_a_known_type(string? type, string reason)
    {
        var harness = new Harness<ConferenceEntity, ConferenceState>(EntityId.Conference(Guid.NewGuid()));
        var error = Assert.Throws<DomainException>(() => harness.Run(e => e.Create(new CreateConference(Harnesses.Customer, new ConferenceSettings { Type = type }))));
        Assert.Equal(ErrorKind.Invalid, error.Kind);
        Assert.Equal(reason, error.Reason);
        Assert.Null(harness.Entity.State);
    }

    public static TheoryData<ConferenceSettings, string> OutOfRange => new()
    {
        { new ConferenceSettings { Timeout = -1 }, "INVALID_TIMEOUT" },
        { new ConferenceSettings { Timeout = ConferenceRules.MaxTimeoutSeconds + 1 }, "INVALID_TIMEOUT" },
        { new ConferenceSettings { MaxParticipants = 1 }, "INVALID_MAX_PARTICIPANTS" },
        { new ConferenceSettings { MaxParticipants = 801 }, "INVALID_MAX_PARTICIPANTS" },
        { new ConferenceSettings { DurationMinutes = 0 }, "INVALID_DURATION_MINUTES" },
        { new ConferenceSettings { BeepEnabled = "loud" }, "INVALID_BEEP_ENABLED" },
        { new ConferenceSettings { ClientState = "not base64!" }, "INVALID_CLIENT_STATE" },
        { new ConferenceSettings { HoldAudioUrl = "ftp://example.com/hold.wav" }, "INVALID_HOLD_AUDIO_URL" },
        { new ConferenceSettings { Name = new string('n', 256) }, "INVALID_NAME" },
        { new ConferenceSettings { Member = new RoleSettings { Pins = [""] } }, "INVALID_PINS" },
        { new ConferenceSettings { PreActions = JsonDocument.Parse("[{\"type\":\"dance\"}]").RootElement }, "INVALID_ACTIONS" },
        { new ConferenceSettings { PostActions = JsonDocument.Parse("{\"type\":\"talk\"}").RootElement }, "INVALID_ACTIONS" },
        { new ConferenceSettings { Data = JsonDocument.Parse("[1]").RootElement }, "INVALID_DATA" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Create_refuses_out_of_range_settings(ConferenceSettings settings, string reason)
    {
        var harness = new Harness<ConferenceEntity, ConferenceState>(EntityId.Conference(Guid.NewGuid()));
        var error = Assert.Throws<DomainException>(() =>
            harness.Run(e => e.Create(new CreateConference(Harnesses.Customer, settings with { Type = ConferenceTypes.Conference }))));
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Idempotent_create_with_the_same_request_returns_the_conference_and_a_different_one_is_unprocessable()
    {
        var harness = new Harness<ConferenceEntity, ConferenceState>(EntityId.Conference(Guid.NewGuid()));
        var settings = new ConferenceSettings { Type = ConferenceTypes.Conference, Name = "a" };
        var first = harness.Run(e => e.Create(new CreateConference(Harnesses.Customer, settings, "hash-1")));
        var repeat = harness.Run(e => e.Create(new CreateConference(Harnesses.Customer, settings, "hash-1")));
        Assert.Equal(first.Id, repeat.Id);
        Assert.Empty(harness.Effects);
        var error = Assert.Throws<DomainException>(() => harness.Run(e => e.Create(new CreateConference(Harnesses.Customer, settings, "hash-2"))));
        Assert.Equal(ErrorKind.Unprocessable, error.Kind);
    }

    [Fact]
    public void Room_ready_moves_starting_to_progressing()
    {
        var conference = Harnesses.Conference(progressing: false);
        conference.Run(e => e.RoomReady());
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);
    }

    [Fact]
    public void An_unconfirmed_room_is_asked_for_again_and_after_three_failures_the_conference_ends_as_media_unavailable()
    {
        var conference = Harnesses.Conference(progressing: false);

        conference.Advance(TimeSpan.FromSeconds(10));
        conference.Run(e => e.RoomCheck(1));
        Assert.Single(conference.Media<CreateRoom>());
        Assert.Equal(2, conference.Signals(nameof(ConferenceEntity.RoomCheck)).Single().Input!.Value.GetInt32());

        conference.Advance(TimeSpan.FromSeconds(10));
        conference.Run(e => e.RoomCheck(2));
        Assert.Single(conference.Media<CreateRoom>());

        conference.Advance(TimeSpan.FromSeconds(10));
        conference.Run(e => e.RoomCheck(3));
        Assert.Equal(ConferenceStatus.Terminated, conference.State.Status);
        Assert.Equal(EndReasons.MediaUnavailable, conference.State.EndReason);
        Assert.Contains(conference.Effects.OfType<PublishEffect>(), p => p.Event.Type == EventTypes.ConferenceDeleted);
    }

    [Fact]
    public void A_room_check_after_the_room_is_ready_changes_nothing()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.RoomCheck(3));
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);
        Assert.Empty(conference.Effects);
    }

    [Fact]
    public void A_room_that_comes_up_after_the_end_is_destroyed()
    {
        var conference = Harnesses.Conference(progressing: false);
        conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        conference.Run(e => e.RoomReady());
        Assert.Equal(ConferenceStatus.Terminated, conference.State.Status);
        Assert.Single(conference.Media<DestroyRoom>());
    }

    [Fact]
    public void Timeout_arms_a_timer_at_create_plus_timeout()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, Timeout = 3600 }, progressing: false);
        var timer = conference.Signals(nameof(ConferenceEntity.TimeoutExpired)).Single();
        Assert.Equal(conference.Now.AddSeconds(3600), timer.At);
    }

    [Fact]
    public void Duration_minutes_sets_the_timeout_in_seconds()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, DurationMinutes = 5 });
        Assert.Equal(300, conference.State.Timeout);
    }

    [Fact]
    public void Updating_the_timeout_re_arms_it_from_now_and_the_old_timer_is_ignored()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, Timeout = 60 });
        conference.Advance(TimeSpan.FromSeconds(30));
        conference.Run(e => e.Update(new ConferenceSettings { Timeout = 120 }));
        var rearmed = conference.Signals(nameof(ConferenceEntity.TimeoutExpired)).Single();
        Assert.Equal(conference.Now.AddSeconds(120), rearmed.At);

        conference.Advance(TimeSpan.FromSeconds(30));
        conference.Run(e => e.TimeoutExpired(1));
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);

        conference.Run(e => e.TimeoutExpired(rearmed.Input!.Value.GetInt32()));
        Assert.Equal(ConferenceStatus.Terminated, conference.State.Status);
        Assert.Equal(EndReasons.Timeout, conference.State.EndReason);
    }

    [Fact]
    public void Update_cannot_change_the_type()
    {
        var conference = Harnesses.Conference();
        var error = Assert.Throws<DomainException>(() => conference.Run(e => e.Update(new ConferenceSettings { Type = ConferenceTypes.Connect })));
        Assert.Equal("TYPE_IMMUTABLE", error.Reason);
    }

    [Fact]
    public void Update_of_a_terminated_conference_is_a_conflict()
    {
        var conference = Harnesses.Conference();
        conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        var error = Assert.Throws<DomainException>(() => conference.Run(e => e.Update(new ConferenceSettings { Name = "x" })));
        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void Update_changes_only_the_fields_given()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, Name = "n", Detail = "d" });
        conference.Advance(TimeSpan.FromSeconds(1));
        conference.Run(e => e.Update(new ConferenceSettings { Detail = "changed" }));
        Assert.Equal("n", conference.State.Name);
        Assert.Equal("changed", conference.State.Detail);
        Assert.True(conference.State.TmUpdate > conference.State.TmCreate);
    }

    [Fact]
    public void Delete_of_an_empty_conference_terminates_at_once_and_repeating_it_returns_the_same_conference()
    {
        var conference = Harnesses.Conference();
        var first = conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        Assert.Equal(ConferenceStatus.Terminated, first.Status);
        Assert.Equal(EndReasons.Api, first.EndReason);
        Assert.NotEqual(Timestamps.Never, first.TmDelete);
        Assert.Single(conference.Media<DestroyRoom>());
        Assert.Contains(conference.Effects, e => e is DirectHashEffect { NewHash: "" });

        conference.Advance(TimeSpan.FromSeconds(5));
        var repeat = conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        Assert.Equal(first with { Realtime = repeat.Realtime }, repeat);
        Assert.Empty(conference.Effects);
    }

    [Fact]
    public void Delete_kicks_every_participant_and_the_conference_ends_when_the_last_one_leaves()
    {
        var conference = Harnesses.Conference();
        var a = conference.Join();
        var b = conference.Join();

        conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        Assert.Equal(ConferenceStatus.Terminating, conference.State.Status);
        Assert.Equal([EntityId.Conferencecall(a), EntityId.Conferencecall(b)], conference.Signals(nameof(ConferencecallEntity.Kick)).Select(s => s.Target));

        conference.Report(a, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Terminating, conference.State.Status);
        conference.Report(b, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Terminated, conference.State.Status);
        Assert.Single(conference.Media<DestroyRoom>());
    }

    [Fact]
    public void A_conference_of_type_conference_stays_progressing_when_its_last_participant_leaves()
    {
        var conference = Harnesses.Conference();
        var a = conference.Join();
        conference.Report(a, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Progressing, conference.State.Status);
        Assert.Empty(conference.State.Participants);
    }

    [Fact]
    public void When_one_side_of_a_connect_leaves_the_other_is_kicked_and_the_conference_ends_as_all_left()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Connect });
        var customer = conference.Join();
        var agent = conference.Join();

        conference.Report(customer, ConferencecallStatus.Leaved);
        Assert.Equal(EntityId.Conferencecall(agent), conference.Signals(nameof(ConferencecallEntity.Kick)).Single().Target);
        Assert.Equal(ConferenceStatus.Terminating, conference.State.Status);

        conference.Report(agent, ConferencecallStatus.Leaved);
        Assert.Equal(ConferenceStatus.Terminated, conference.State.Status);
        Assert.Equal(EndReasons.AllLeft, conference.State.EndReason);
    }

    [Fact]
    public void A_connect_conference_takes_two_participants()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Connect, MaxParticipants = 10 });
        conference.Join();
        conference.Join();
        var third = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid())));
        Assert.Equal("conference_full", third.RefusedReason);
    }

    [Fact]
    public void Every_event_of_a_conference_is_numbered_without_gaps()
    {
        var conference = Harnesses.Conference(progressing: false);
        var sequences = new List<long>();
        void Collect() => sequences.AddRange(conference.Effects.OfType<PublishEffect>().Select(p => p.Event.Sequence));
        Collect();
        conference.Run(e => e.RoomReady());
        Collect();
        var a = conference.Run(e => e.Join(new JoinRequest(Guid.NewGuid()))).ConferencecallId;
        Collect();
        conference.Report(a, ConferencecallStatus.Joined);
        Collect();
        conference.Run(e => e.Lock());
        Collect();
        conference.Report(a, ConferencecallStatus.Leaved);
        Collect();
        conference.Run(e => e.Terminate(new TerminateConference(EndReasons.Api)));
        Collect();

        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
    }

    [Fact]
    public void Events_carry_the_conference_client_state()
    {
        var conference = Harnesses.Conference(new ConferenceSettings { Type = ConferenceTypes.Conference, ClientState = "aGVsbG8=" });
        Assert.All(conference.Effects.OfType<PublishEffect>(), p => Assert.Equal("aGVsbG8=", p.Event.ClientState));
    }

    [Fact]
    public void Regenerating_the_direct_hash_gives_a_new_one_and_moves_the_address_from_the_old()
    {
        var conference = Harnesses.Conference();
        var old = conference.State.DirectHash;
        var view = conference.Run(e => e.RegenerateDirectHash());
        Assert.NotEqual(old, view.DirectHash);
        Assert.True(DirectHash.IsWellFormed(view.DirectHash));
        var move = conference.Effects.OfType<DirectHashEffect>().Single();
        Assert.Equal((old, view.DirectHash), (move.OldHash, move.NewHash));
        Assert.Equal(view.DirectHash, Assert.Single(conference.Media<SetDirectHash>()).DirectHash);
    }
}
