using Conference.Core.Media;
using Microsoft.AspNetCore.Http;

namespace Conference.MediaHost;

/// <summary>The planes' shared key on a request: the <c>X-Media-Key</c> header, or <c>?key=</c> for WebSocket clients that cannot set headers. Compared in constant time.</summary>
public static class MediaKey
{
    public static bool Matches(HttpContext context, string expected)
    {
        var given = context.Request.Headers[MediaPlaneKey.Header].ToString();
        if (given.Length == 0)
        {
            given = context.Request.Query["key"].ToString();
        }
        return MediaPlaneKey.Matches(given, expected);
    }
}
