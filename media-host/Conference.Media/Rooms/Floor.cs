namespace Conference.Media.Rooms;

/// <summary>
/// The dominant speaker: the talking leg with the highest smoothed score. A challenger takes the
/// floor when it scores over the talk threshold while the holder has stopped talking or fallen
/// under 100 (FreeSWITCH's rule), so the floor does not flap between two people talking at once.
/// </summary>
public static class Floor
{
    public const int HolderQuiet = 100;

    /// <summary>The new holder (possibly the same one); <see cref="Guid.Empty"/> when nobody talks.</summary>
    public static Guid Decide(Guid holder, IReadOnlyList<Leg> legs)
    {
        Leg? current = null, best = null;
        foreach (var leg in legs)
        {
            if (leg.Id == holder)
            {
                current = leg;
            }
            if (leg.Talk.IsTalking && !leg.Muted && (best is null || leg.Talk.Score > best.Talk.Score))
            {
                best = leg;
            }
        }
        var holderActive = current is { Muted: false } && current.Talk.IsTalking;
        if (holderActive && (best is null || current!.Talk.Score >= HolderQuiet || best.Talk.Score < TalkDetector.Threshold))
        {
            return holder;
        }
        return best?.Id ?? Guid.Empty;
    }
}
