"""How a build keeps what it holds for every record (pages, JSON, packed listing parts)
and every MkDocs page: compressed with Zstandard, which at this level packs Markdown,
HTML and JSON a little smaller than zlib's fastest level and unpacks them about three
times as fast (the whole-archive downloads unpack every record's JSON on each write).

Each process has its own (de)compressor: workers are forked, never threads.
"""
from __future__ import annotations

import zstandard

LEVEL = 3
_compressor = zstandard.ZstdCompressor(level=LEVEL)
_decompressor = zstandard.ZstdDecompressor()


def pack(data: bytes) -> bytes:
    # compress() returns its output in a buffer sized for the input: kept, thousands of
    # those fragment the heap (a run of 10,000 records peaked at twice its memory). The copy
    # is sized to the output, and the buffer goes back at once.
    return bytes(memoryview(_compressor.compress(data)))


def unpack(packed: bytes) -> bytes:
    return _decompressor.decompress(packed)
