namespace Conference.Media.Rooms;

/// <summary>
/// Talk detection by energy with hangover, after FreeSWITCH's figures (media.md): the mean
/// absolute sample of a 16-bit frame against 300; talking starts after 5 frames over it, or at
/// once on a frame over 700, and stops after 40 frames (800 ms) under it. The smoothed score
/// decides the floor; <see cref="EnergyLevel"/> is the last frame on a 0..100 scale.
/// </summary>
public sealed class TalkDetector
{
    public const int Threshold = 300;
    public const int InstantThreshold = 700;
    public const int StartFrames = 5;
    public const int StopFrames = 40;

    /// <summary>Mean absolute level counted as 100: loud speech near full scale.</summary>
    private const int FullScale = 8000;

    private int _over;
    private int _under;

    public bool IsTalking { get; private set; }
    public int EnergyLevel { get; private set; }
    public int Score { get; private set; }

    public static int MeanAbsolute(ReadOnlySpan<short> frame)
    {
        long total = 0;
        foreach (var sample in frame)
        {
            total += Math.Abs((int)sample);
        }
        return frame.Length == 0 ? 0 : (int)(total / frame.Length);
    }

    /// <summary>Feeds one frame's mean absolute level; true when <see cref="IsTalking"/> changed.</summary>
    public bool Update(int meanAbsolute)
    {
        EnergyLevel = Math.Min(100, meanAbsolute * 100 / FullScale);
        Score = (Score * 3 + meanAbsolute) / 4;
        if (meanAbsolute >= Threshold)
        {
            _over++;
            _under = 0;
            if (!IsTalking && (_over >= StartFrames || meanAbsolute >= InstantThreshold))
            {
                IsTalking = true;
                return true;
            }
        }
        else
        {
            _over = 0;
            _under++;
            if (IsTalking && _under >= StopFrames)
            {
                IsTalking = false;
                return true;
            }
        }
        return false;
    }

    public void Reset()
    {
        _over = _under = 0;
        Score = EnergyLevel = 0;
        IsTalking = false;
    }
}
