using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Api;

/// <summary>A facade that makes a conference and puts a call in it at once waits here for the room first.</summary>
public static class ConferenceReadiness
{
    /// <summary>
    /// A new conference takes its room on the media host first (the room confirmation, at most about
    /// <see cref="ConferenceRules.RoomConfirmTimeout"/> per attempt); a join before that is refused.
    /// False when it ended instead.
    /// </summary>
    public static async Task<bool> WaitProgressingAsync(ApiServices s, Guid id, CancellationToken cancellationToken)
    {
        var deadline = s.Time.GetUtcNow() + ConferenceRules.RoomConfirmTimeout * ConferenceRules.RoomAttempts;
        while (true)
        {
            var state = await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(id), cancellationToken);
            switch (state?.Status)
            {
                case ConferenceStatus.Progressing:
                    return true;
                case ConferenceStatus.Terminating or ConferenceStatus.Terminated:
                    return false;
            }
            if (s.Time.GetUtcNow() > deadline)
            {
                throw DomainException.Conflict("CONFERENCE_NOT_READY", $"The conference {id} never got its room on the media host.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), s.Time, cancellationToken);
        }
    }
}
