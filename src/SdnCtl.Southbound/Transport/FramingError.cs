namespace SdnCtl.Southbound.Transport;

/// <summary>
/// Passed up the pipeline instead of a frame when a header announces fewer than 8 bytes: the
/// stream cannot be resynchronised, so the session answers OFPBRC_BAD_LEN and closes.
/// </summary>
/// <param name="AnnouncedLength">The length field of the bad header.</param>
/// <param name="Header">The first bytes of the bad message (up to 8), for the error's data.</param>
internal sealed record FramingError(int AnnouncedLength, byte[] Header);
