using Conference.Core.Media;
using Conference.Media.Audio;
using Conference.Media.Rooms;
using Conference.Tests.Support;

namespace Conference.Tests.Media;

public sealed class RoomMixTests
{
    private static readonly short[] Hold = Enumerable.Repeat((short)77, AudioFormat.FrameSamples).ToArray();

    private static (Room Room, FakeLeg A, FakeLeg B, FakeLeg C, CollectingReports Reports) ThreeLegs()
    {
        var reports = new CollectingReports();
        var room = new Room(Guid.NewGuid(), comfortNoise: false, Hold, reports);
        var (a, b, c) = (new FakeLeg(), new FakeLeg(), new FakeLeg());
        room.Add(a);
        room.Add(b);
        room.Add(c);
        return (room, a, b, c, reports);
    }

    /// <summary>Each leg says a constant (100, 1000, 10000) for enough ticks to pass the jitter buffer; returns the last frame each heard.</summary>
    private static (short A, short B, short C) Run(Room room, FakeLeg a, FakeLeg b, FakeLeg c)
    {
        for (var tick = 0; tick < 4; tick++)
        {
            a.Say(100);
            b.Say(1000);
            c.Say(10000);
            room.Tick();
        }
        return (a.Heard[^1][0], b.Heard[^1][0], c.Heard[^1][0]);
    }

    [Fact]
    public void Each_leg_hears_everyone_but_itself()
    {
        var (room, a, b, c, _) = ThreeLegs();

        Assert.Equal(((short)11000, (short)10100, (short)1100), Run(room, a, b, c));
    }

    [Theory]
    // muted: nobody hears it, it still hears everyone.
    [InlineData("a", "muted", 11000, 10000, 1000)]
    [InlineData("c", "muted", 1000, 100, 1100)]
    // deaf: it hears silence, everyone still hears it.
    [InlineData("a", "deaf", 0, 10100, 1100)]
    [InlineData("b", "deaf", 11000, 0, 1100)]
    // held: it hears hold audio, nobody hears it.
    [InlineData("a", "held", 77, 10000, 1000)]
    [InlineData("c", "held", 1000, 100, 77)]
    public void Muted_deaf_and_held_legs_are_mixed_as_their_flags_say(string which, string flag, short heardByA, short heardByB, short heardByC)
    {
        var (room, a, b, c, _) = ThreeLegs();
        var leg = which switch { "a" => a, "b" => b, _ => c };
        switch (flag)
        {
            case "muted": leg.Muted = true; break;
            case "deaf": leg.Deaf = true; break;
            default: leg.OnHold = true; break;
        }

        Assert.Equal((heardByA, heardByB, heardByC), Run(room, a, b, c));
    }

    [Fact]
    public void A_prompt_to_one_leg_is_heard_by_that_leg_only_over_the_mix()
    {
        var (room, a, b, c, _) = ThreeLegs();
        b.Prompts.Enqueue(Enumerable.Repeat((short)5, AudioFormat.FrameSamples * 10).ToArray());

        Assert.Equal(((short)11000, (short)10105, (short)1100), Run(room, a, b, c));
    }

    [Fact]
    public void A_prompt_to_the_room_is_heard_by_everyone_and_recorded()
    {
        var (room, a, b, c, _) = ThreeLegs();
        room.Prompts.Enqueue(Enumerable.Repeat((short)3, AudioFormat.FrameSamples * 10).ToArray());

        Assert.Equal(((short)11003, (short)10103, (short)1103), Run(room, a, b, c));
    }

    [Fact]
    public void A_leg_without_audio_hears_the_whole_mix()
    {
        var (room, a, b, c, _) = ThreeLegs();
        for (var tick = 0; tick < 4; tick++)
        {
            a.Say(100);
            b.Say(1000);
            room.Tick();
        }

        Assert.Equal(1100, c.Heard[^1][0]);
        Assert.Equal(1000, a.Heard[^1][0]);
    }

    [Fact]
    public void Talking_starts_after_five_loud_frames_and_the_talker_takes_the_floor()
    {
        var reports = new CollectingReports();
        var room = new Room(Guid.NewGuid(), false, Hold, reports);
        var speaker = new FakeLeg();
        room.Add(speaker);
        var frame = Tones.SineOf(300, AudioFormat.FrameSamples, 800, AudioFormat.SampleRate); // mean absolute about 510: over 300, under 700
        for (var tick = 0; tick < 12; tick++)
        {
            speaker.Say(frame);
            room.Tick();
        }

        var talking = Assert.Single(reports.OfType<Talking>());
        Assert.True(talking.IsTalking);
        Assert.Equal(speaker.Id, talking.LegId);
        Assert.Equal(speaker.Id, Assert.Single(reports.OfType<FloorChanged>()).LegId);
        Assert.InRange(talking.EnergyLevel, 1, 100);
    }

    [Fact]
    public void Talking_stops_after_800_ms_of_quiet_and_the_floor_empties()
    {
        var reports = new CollectingReports();
        var room = new Room(Guid.NewGuid(), false, Hold, reports);
        var speaker = new FakeLeg();
        room.Add(speaker);
        for (var tick = 0; tick < 10; tick++)
        {
            speaker.Say(2000);
            room.Tick();
        }
        // The jitter buffer plays a frame one tick after it arrives: 40 quiet frames sent, 39 heard.
        for (var tick = 0; tick < 40; tick++)
        {
            speaker.Say(10);
            room.Tick();
        }
        Assert.Single(reports.OfType<Talking>());

        speaker.Say(10);
        room.Tick();

        Assert.False(reports.OfType<Talking>()[^1].IsTalking);
        Assert.Equal(Guid.Empty, reports.OfType<FloorChanged>()[^1].LegId);
    }

    [Fact]
    public void A_room_without_legs_prompts_or_recording_is_idle()
    {
        var room = new Room(Guid.NewGuid(), true, Hold, new CollectingReports());
        Assert.True(room.IsIdle);
        var leg = new FakeLeg();
        room.Add(leg);
        Assert.False(room.IsIdle);
        room.Remove(leg.Id);
        Assert.True(room.IsIdle);
    }
}
