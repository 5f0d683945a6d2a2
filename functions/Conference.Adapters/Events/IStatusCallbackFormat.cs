using Conference.Core.Conferences;
using Conference.Core.Events;

namespace Conference.Adapters.Events;

/// <summary>How a status callback looks on the wire: the facade that offers status callbacks says (Restcomm's form post).</summary>
public interface IStatusCallbackFormat
{
    HttpRequestMessage RequestFor(ConferenceEvent callback, StatusCallback target);
}
