using BenchmarkDotNet.Attributes;
using ModularTorrent.BitTorrent.Bencoding;
using ModularTorrent.BitTorrent.Metainfo;

namespace ModularTorrent.BitTorrent.Benchmarks;

/// <summary>Parsing the metainfo of a large torrent (1 GiB in 16 KiB pieces: a 1.3 MB pieces string, 200 files).</summary>
[MemoryDiagnoser]
public class BencodeBenchmarks
{
    private byte[] _torrent = [];

    [GlobalSetup]
    public void Setup()
    {
        var info = new BencodeWriter();
        info.WriteDictionaryStart();
        info.WriteString("files");
        info.WriteListStart();
        for (var i = 0; i < 200; i++)
        {
            info.WriteDictionaryStart();
            info.WriteString("length");
            info.WriteInteger((1L << 30) / 200 + (i == 0 ? (1L << 30) % 200 : 0));
            info.WriteString("path");
            info.WriteListStart();
            info.WriteString("folder");
            info.WriteString($"file-{i:D3}.bin");
            info.WriteEnd();
            info.WriteEnd();
        }

        info.WriteEnd();
        info.WriteString("name");
        info.WriteString("big");
        info.WriteString("piece length");
        info.WriteInteger(16384);
        info.WriteString("pieces");
        info.WriteString(new byte[(1 << 30) / 16384 * 20]);
        info.WriteEnd();
        var torrent = new BencodeWriter();
        torrent.WriteDictionaryStart();
        torrent.WriteString("info");
        torrent.WriteRaw(info.WrittenMemory.Span);
        torrent.WriteEnd();
        _torrent = torrent.ToArray();
    }

    [Benchmark]
    public int ParseMetainfo() => TorrentMetainfo.Parse(_torrent).PieceCount;
}
