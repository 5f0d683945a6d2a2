using Conference.Media.Audio;
using Conference.Media.Rtp;

namespace Conference.Tests.Media;

public sealed class JitterBufferTests
{
    private static short[] Frame(int marker) => Enumerable.Repeat((short)marker, AudioFormat.FrameSamples).ToArray();

    private static List<(PlayoutKind Kind, short Value)> Play(JitterBuffer buffer, int ticks)
    {
        var played = new List<(PlayoutKind, short)>();
        var frame = new short[AudioFormat.FrameSamples];
        for (var i = 0; i < ticks; i++)
        {
            var kind = buffer.Pop(frame);
            played.Add((kind, frame[0]));
        }
        return played;
    }

    [Fact]
    public void Waits_for_its_target_depth_then_plays_in_order()
    {
        var buffer = new JitterBuffer(targetDepth: 2);
        buffer.Push(10, Frame(1000));
        Assert.Equal(PlayoutKind.Silence, Play(buffer, 1)[0].Kind);
        buffer.Push(11, Frame(1001));

        Assert.Equal([(PlayoutKind.Audio, (short)1000), (PlayoutKind.Audio, (short)1001)], Play(buffer, 2));
    }

    [Fact]
    public void Reordered_packets_are_played_in_sequence()
    {
        var buffer = new JitterBuffer(targetDepth: 3);
        foreach (var sequence in new ushort[] { 1, 3, 2, 4 })
        {
            buffer.Push(sequence, Frame(sequence));
        }

        Assert.Equal(new short[] { 1, 2, 3, 4 }, Play(buffer, 4).Select(p => p.Value));
    }

    [Fact]
    public void Duplicates_are_dropped_and_counted()
    {
        var buffer = new JitterBuffer(targetDepth: 2);
        buffer.Push(1, Frame(1));
        buffer.Push(1, Frame(99));
        buffer.Push(2, Frame(2));

        Assert.Equal(new short[] { 1, 2 }, Play(buffer, 2).Select(p => p.Value));
        Assert.Equal(1, buffer.Duplicates);
    }

    [Fact]
    public void A_lost_frame_is_concealed_by_the_last_one_at_half_level()
    {
        var buffer = new JitterBuffer(targetDepth: 2);
        buffer.Push(1, Frame(1000));
        buffer.Push(3, Frame(3000));

        Assert.Equal([(PlayoutKind.Audio, (short)1000), (PlayoutKind.Concealed, (short)500), (PlayoutKind.Audio, (short)3000)], Play(buffer, 3));
        Assert.Equal(1, buffer.Lost);
    }

    [Fact]
    public void A_late_packet_is_dropped_and_raises_the_target()
    {
        var buffer = new JitterBuffer(targetDepth: 1);
        buffer.Push(1, Frame(1));
        buffer.Push(2, Frame(2));
        Play(buffer, 2);

        buffer.Push(1, Frame(1));

        Assert.Equal(1, buffer.Late);
        Assert.Equal(2, buffer.TargetDepth);
    }

    [Fact]
    public void A_burst_never_leaves_more_than_target_plus_two_frames_of_delay()
    {
        var buffer = new JitterBuffer(targetDepth: 2);
        for (ushort sequence = 0; sequence < 12; sequence++)
        {
            buffer.Push(sequence, Frame(sequence));
        }
        Play(buffer, 1);

        Assert.True(buffer.Buffered <= buffer.TargetDepth + 2);
        Assert.True(buffer.Shed > 0);
    }

    [Fact]
    public void A_packet_far_ahead_resynchronises_on_it()
    {
        var buffer = new JitterBuffer(targetDepth: 1);
        buffer.Push(100, Frame(1));
        Play(buffer, 1);

        buffer.Push(5000, Frame(2));

        Assert.Equal(1, buffer.Resyncs);
        Assert.Equal((PlayoutKind.Audio, (short)2), Play(buffer, 1)[0]);
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        var buffer = new JitterBuffer(targetDepth: 2);
        buffer.Push(65535, Frame(1));
        buffer.Push(0, Frame(2));
        buffer.Push(1, Frame(3));

        Assert.Equal(new short[] { 1, 2, 3 }, Play(buffer, 3).Select(p => p.Value));
    }

    [Fact]
    public void After_an_underrun_it_refills_instead_of_running_ahead()
    {
        var buffer = new JitterBuffer(targetDepth: 2);
        buffer.Push(1, Frame(1));
        buffer.Push(2, Frame(2));
        Play(buffer, 2);
        Play(buffer, 5); // the leg went quiet

        buffer.Push(3, Frame(3));
        buffer.Push(4, Frame(4));

        Assert.Equal(new short[] { 3, 4 }, Play(buffer, 2).Select(p => p.Value));
        Assert.Equal(0, buffer.Late);
    }
}
