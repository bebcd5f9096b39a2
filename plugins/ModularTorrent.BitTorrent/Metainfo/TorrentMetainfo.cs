using ModularTorrent.BitTorrent.Bencoding;

namespace ModularTorrent.BitTorrent.Metainfo;

/// <summary>A parsed v1 .torrent: the info dictionary (kept raw, so the info-hash is exact) and the announce data around it.</summary>
public sealed class TorrentMetainfo
{
    /// <summary>Largest piece accepted from a .torrent (libtorrent's cap is the same order).</summary>
    public const int MaxPieceLength = 64 * 1024 * 1024;

    private TorrentMetainfo(
        ReadOnlyMemory<byte> rawInfo,
        string name,
        int pieceLength,
        ReadOnlyMemory<byte> pieceHashes,
        IReadOnlyList<TorrentFileEntry> files,
        bool isMultiFile,
        bool isPrivate)
    {
        RawInfo = rawInfo;
        InfoHash = InfoHash.Compute(rawInfo.Span);
        Name = name;
        PieceLength = pieceLength;
        PieceHashes = pieceHashes;
        Files = files;
        IsMultiFile = isMultiFile;
        IsPrivate = isPrivate;
        TotalLength = files.Count == 0 ? 0 : files[^1].End;
        PieceCount = pieceHashes.Length / 20;
    }

    /// <summary>SHA-1 of <see cref="RawInfo"/>.</summary>
    public InfoHash InfoHash { get; }

    /// <summary>The bencoded info dictionary exactly as received.</summary>
    public ReadOnlyMemory<byte> RawInfo { get; }

    /// <summary>The whole .torrent as received (or as built from the info dictionary).</summary>
    public ReadOnlyMemory<byte> RawTorrent { get; private set; }

    /// <summary>Sanitised torrent name (the file name for single-file torrents, the folder otherwise).</summary>
    public string Name { get; }

    /// <summary>Nominal piece length; the last piece may be shorter.</summary>
    public int PieceLength { get; }

    /// <summary>Concatenated 20-byte SHA-1 hashes.</summary>
    public ReadOnlyMemory<byte> PieceHashes { get; }

    /// <summary>Number of pieces.</summary>
    public int PieceCount { get; }

    /// <summary>Sum of all file lengths.</summary>
    public long TotalLength { get; }

    /// <summary>Files in stream order.</summary>
    public IReadOnlyList<TorrentFileEntry> Files { get; }

    /// <summary>True when the info dictionary has a <c>files</c> list (files live under a folder named <see cref="Name"/>).</summary>
    public bool IsMultiFile { get; }

    /// <summary>BEP 27 private flag: peers come from the trackers only.</summary>
    public bool IsPrivate { get; }

    /// <summary>Tracker tiers (BEP 12); a lone <c>announce</c> becomes a single tier.</summary>
    public IReadOnlyList<IReadOnlyList<string>> AnnounceTiers { get; private set; } = [];

    /// <summary>BEP 19 web seeds from <c>url-list</c>.</summary>
    public IReadOnlyList<string> WebSeeds { get; private set; } = [];

    /// <summary>Free-text comment.</summary>
    public string? Comment { get; private set; }

    /// <summary>The program that made the torrent.</summary>
    public string? CreatedBy { get; private set; }

    /// <summary>Creation time, when present.</summary>
    public DateTimeOffset? CreationDate { get; private set; }

    /// <summary>Length of piece <paramref name="index"/>.</summary>
    public int GetPieceLength(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PieceCount);
        return index == PieceCount - 1 ? (int)(TotalLength - ((long)PieceLength * index)) : PieceLength;
    }

    /// <summary>Expected SHA-1 of piece <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> GetPieceHash(int index) => PieceHashes.Span.Slice(index * 20, 20);

    /// <summary>Parses a .torrent file.</summary>
    /// <exception cref="BencodeException">The bytes are not valid bencode.</exception>
    /// <exception cref="MetainfoException">Required keys are missing or inconsistent.</exception>
    public static TorrentMetainfo Parse(ReadOnlyMemory<byte> torrent)
    {
        var root = BencodeDocument.ParseDictionary(torrent);
        var info = root.Get<BencodeDictionary>("info") ?? throw new MetainfoException("The torrent has no 'info' dictionary.");
        var metainfo = ParseInfo(info);
        metainfo.RawTorrent = torrent;
        metainfo.AnnounceTiers = ReadTiers(root);
        metainfo.WebSeeds = ReadWebSeeds(root);
        metainfo.Comment = root.GetText("comment.utf-8") ?? root.GetText("comment");
        metainfo.CreatedBy = root.GetText("created by");
        var created = root.GetInteger("creation date");
        if (created is > 0 and < 253402300800)
        {
            metainfo.CreationDate = DateTimeOffset.FromUnixTimeSeconds(created.Value);
        }

        return metainfo;
    }

    /// <summary>Builds metainfo from a bare info dictionary (metadata fetched from peers, BEP 9) plus the trackers known from elsewhere.</summary>
    public static TorrentMetainfo FromInfoDictionary(
        ReadOnlyMemory<byte> rawInfo,
        IReadOnlyList<IReadOnlyList<string>>? tiers = null,
        IReadOnlyList<string>? webSeeds = null)
    {
        var info = BencodeDocument.Parse(rawInfo) as BencodeDictionary ?? throw new MetainfoException("The metadata is not a dictionary.");
        var metainfo = ParseInfo(info);
        metainfo.AnnounceTiers = tiers ?? [];
        metainfo.WebSeeds = webSeeds ?? [];
        metainfo.RawTorrent = BuildTorrent(rawInfo.Span, metainfo.AnnounceTiers, metainfo.WebSeeds, null, null, null);
        return metainfo;
    }

    /// <summary>Encodes a .torrent around a raw info dictionary, keeping it byte for byte.</summary>
    internal static byte[] BuildTorrent(
        ReadOnlySpan<byte> rawInfo,
        IReadOnlyList<IReadOnlyList<string>> tiers,
        IReadOnlyList<string> webSeeds,
        string? comment,
        string? createdBy,
        DateTimeOffset? creationDate)
    {
        var writer = new BencodeWriter();
        writer.WriteDictionaryStart();
        var first = tiers.SelectMany(t => t).FirstOrDefault();
        if (first is not null)
        {
            writer.WriteString("announce");
            writer.WriteString(first);
        }

        if (tiers.Sum(t => t.Count) > 1)
        {
            writer.WriteString("announce-list");
            writer.WriteListStart();
            foreach (var tier in tiers)
            {
                writer.WriteListStart();
                foreach (var url in tier)
                {
                    writer.WriteString(url);
                }

                writer.WriteEnd();
            }

            writer.WriteEnd();
        }

        if (comment is not null)
        {
            writer.WriteString("comment");
            writer.WriteString(comment);
        }

        if (createdBy is not null)
        {
            writer.WriteString("created by");
            writer.WriteString(createdBy);
        }

        if (creationDate is not null)
        {
            writer.WriteString("creation date");
            writer.WriteInteger(creationDate.Value.ToUnixTimeSeconds());
        }

        writer.WriteString("info");
        writer.WriteRaw(rawInfo);
        if (webSeeds.Count > 0)
        {
            writer.WriteString("url-list");
            writer.WriteListStart();
            foreach (var url in webSeeds)
            {
                writer.WriteString(url);
            }

            writer.WriteEnd();
        }

        writer.WriteEnd();
        return writer.ToArray();
    }

    private static TorrentMetainfo ParseInfo(BencodeDictionary info)
    {
        var rawName = info.GetText("name.utf-8") ?? info.GetText("name") ?? throw new MetainfoException("The info dictionary has no 'name'.");
        var name = PathSanitizer.SanitizeSegment(rawName);
        var pieceLength = info.GetInteger("piece length") ?? throw new MetainfoException("The info dictionary has no 'piece length'.");
        if (pieceLength is < 16 or > MaxPieceLength)
        {
            throw new MetainfoException($"Piece length {pieceLength} is outside 16 bytes..{MaxPieceLength} bytes.");
        }

        var pieces = info.Get<BencodeString>("pieces") ?? throw new MetainfoException("The info dictionary has no 'pieces' string.");
        if (pieces.Bytes.Length == 0 || pieces.Bytes.Length % 20 != 0)
        {
            throw new MetainfoException($"The 'pieces' string is {pieces.Bytes.Length} bytes, not a positive multiple of 20.");
        }

        var isPrivate = info.GetInteger("private") == 1;
        var files = new List<TorrentFileEntry>();
        bool multi;
        if (info.Get<BencodeList>("files") is { } list)
        {
            multi = true;
            long offset = 0;
            foreach (var item in list.Items)
            {
                if (item is not BencodeDictionary file)
                {
                    throw new MetainfoException("An entry of 'files' is not a dictionary.");
                }

                var length = file.GetInteger("length") ?? throw new MetainfoException($"File {files.Count} has no 'length'.");
                if (length < 0)
                {
                    throw new MetainfoException($"File {files.Count} has a negative length.");
                }

                var pathList = file.Get<BencodeList>("path.utf-8") ?? file.Get<BencodeList>("path")
                    ?? throw new MetainfoException($"File {files.Count} has no 'path' list.");
                var segments = new List<string>(pathList.Count);
                foreach (var segment in pathList.Items)
                {
                    segments.Add((segment as BencodeString)?.Text ?? throw new MetainfoException($"File {files.Count} has a non-string path segment."));
                }

                var attr = file.GetText("attr");
                var path = PathSanitizer.SanitizeRelativePath(segments);
                files.Add(new TorrentFileEntry(files.Count, path, length, offset, attr?.Contains('p', StringComparison.Ordinal) == true));
                offset = checked(offset + length);
            }

            if (files.Count == 0)
            {
                throw new MetainfoException("The 'files' list is empty.");
            }

            var duplicate = files.GroupBy(f => f.Path, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new MetainfoException($"Two files share the path '{duplicate.Key}'.");
            }
        }
        else
        {
            multi = false;
            var length = info.GetInteger("length") ?? throw new MetainfoException("The info dictionary has neither 'length' nor 'files'.");
            if (length < 0)
            {
                throw new MetainfoException("The file has a negative length.");
            }

            files.Add(new TorrentFileEntry(0, name, length, 0));
        }

        var total = files[^1].End;
        var expectedPieces = (total + pieceLength - 1) / pieceLength;
        if (expectedPieces != pieces.Bytes.Length / 20)
        {
            throw new MetainfoException($"{pieces.Bytes.Length / 20} piece hashes for {total} bytes in pieces of {pieceLength}; expected {expectedPieces}.");
        }

        return new TorrentMetainfo(info.Raw, name, (int)pieceLength, pieces.Bytes, files, multi, isPrivate);
    }

    private static List<IReadOnlyList<string>> ReadTiers(BencodeDictionary root)
    {
        var tiers = new List<IReadOnlyList<string>>();
        if (root.Get<BencodeList>("announce-list") is { } list)
        {
            foreach (var tierValue in list.Items)
            {
                if (tierValue is not BencodeList tierList)
                {
                    continue;
                }

                var tier = tierList.Items.OfType<BencodeString>().Select(s => s.Text).Where(IsTrackerUrl).Distinct(StringComparer.Ordinal).ToList();
                if (tier.Count > 0)
                {
                    tiers.Add(tier);
                }
            }
        }

        // BEP 12: announce-list, when present and usable, replaces announce.
        if (tiers.Count == 0 && root.GetText("announce") is { } announce && IsTrackerUrl(announce))
        {
            tiers.Add([announce]);
        }

        return tiers;
    }

    private static List<string> ReadWebSeeds(BencodeDictionary root)
    {
        var seeds = new List<string>();
        switch (root.Find("url-list"))
        {
            case BencodeString single:
                seeds.Add(single.Text);
                break;
            case BencodeList list:
                seeds.AddRange(list.Items.OfType<BencodeString>().Select(s => s.Text));
                break;
        }

        return seeds.Where(s => Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)).ToList();
    }

    private static bool IsTrackerUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "udp";
}
