"""A PNG decoder with zlib alone, enough to tell a blank screenshot from a page.

It reads 8-bit greyscale, RGB, palette, grey+alpha and RGBA images, not interlaced (what
Chromium's screenshots are), and undoes the five scanline filters. Rows are handled as
big integers, byte-wise arithmetic done with masks (SWAR), so a 1280 x 6000 screenshot
decodes in about a second without NumPy.
"""

import struct
import zlib
from collections import Counter
from itertools import accumulate

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


class PNGError(Exception):
    """The data is not a PNG this decoder reads."""


def chunks(data):
    """(type, body) of each chunk, checking each CRC."""
    if not data.startswith(SIGNATURE):
        raise PNGError("no PNG signature")
    offset = len(SIGNATURE)
    while offset + 12 <= len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise PNGError(f"chunk {kind!r} is cut short or corrupt")
        yield kind, body
        offset += 12 + length
        if kind == b"IEND":
            return
    raise PNGError("no IEND chunk")


def byte_masks(count):
    """The masks for byte-wise addition of `count`-byte integers."""
    return int.from_bytes(b"\x7f" * count, "little"), int.from_bytes(b"\x80" * count, "little")


def add_bytes(a, b, low, high):
    """Byte-wise (a + b) mod 256 of two integers holding bytes: the 7 low bits add without
    reaching the next byte, and the top bit is the exclusive-or of both tops and that carry."""
    return ((a & low) + (b & low)) ^ ((a ^ b) & high)


def average_bytes(a, b, low):
    """Byte-wise floor((a + b) / 2), without overflow: common bits plus half the differing ones."""
    return (a & b) + (((a ^ b) >> 1) & low)


def unfilter_row(kind, raw, previous, bpp, masks, pixel_masks):
    """One scanline with its filter undone (PNG spec section 9)."""
    stride = len(raw)
    if kind == 0:
        return raw
    if kind == 2:
        total = add_bytes(int.from_bytes(raw, "little"), int.from_bytes(previous, "little"), *masks)
        return total.to_bytes(stride, "little")
    if kind == 1:
        pixels = [int.from_bytes(raw[i : i + bpp], "little") for i in range(0, stride, bpp)]
        low, high = pixel_masks
        summed = accumulate(pixels, lambda left, here: ((left & low) + (here & low)) ^ ((left ^ here) & high))
        return b"".join(p.to_bytes(bpp, "little") for p in summed)
    if kind == 3:
        low, high = pixel_masks
        out, left = [], 0
        for i in range(0, stride, bpp):
            up = int.from_bytes(previous[i : i + bpp], "little")
            here = int.from_bytes(raw[i : i + bpp], "little")
            left = add_bytes(here, average_bytes(left, up, low), low, high)
            out.append(left.to_bytes(bpp, "little"))
        return b"".join(out)
    if kind == 4:
        out = bytearray(raw)
        for i in range(stride):
            a = out[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
            predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out[i] = (out[i] + predictor) & 0xFF
        return bytes(out)
    raise PNGError(f"unknown scanline filter {kind}")


def decode(data, max_rows=None):
    """(width, height, bytes per pixel, palette or None, rows): the unfiltered scanlines,
    at most `max_rows` of them."""
    header, palette, compressed = None, None, []
    for kind, body in chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            compressed.append(body)
    if header is None:
        raise PNGError("no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise PNGError(f"bit depth {depth}, colour type {colour}, interlace {interlace}: not read here")
    bpp = CHANNELS[colour]
    stride = width * bpp
    try:
        pixels = zlib.decompress(b"".join(compressed))
    except zlib.error as error:
        raise PNGError(f"image data does not inflate: {error}")
    if len(pixels) < (stride + 1) * height:
        raise PNGError("image data is cut short")
    masks, pixel_masks = byte_masks(stride), byte_masks(bpp)
    rows, previous = [], bytes(stride)
    for y in range(height if max_rows is None else min(height, max_rows)):
        start = y * (stride + 1)
        previous = unfilter_row(pixels[start], pixels[start + 1 : start + 1 + stride], previous, bpp, masks, pixel_masks)
        rows.append(previous)
    return width, height, bpp, palette, rows


def pixel_words(row, bpp):
    """The row's pixels as 32-bit integers (a pixel's bytes, zero-padded), so counting
    colours runs in C rather than over Python tuples."""
    if bpp == 4:
        return memoryview(row).cast("I")
    padded = bytearray(len(row) // bpp * 4)
    for channel in range(bpp):
        padded[channel::4] = row[channel::bpp]
    return memoryview(padded).cast("I")


def png_colour_stats(data, max_rows=None):
    """What a blank check needs: size, how many colours, and the share of pixels that are
    not the most common colour (the background)."""
    width, height, bpp, palette, rows = decode(data, max_rows)
    counts = Counter()
    for row, repeats in Counter(rows).items():
        for colour, n in Counter(pixel_words(row, bpp)).items():
            counts[colour] += n * repeats
    if palette is not None:
        merged = Counter()
        for index, n in counts.items():
            merged[palette[3 * index : 3 * index + 3]] += n
        counts = merged
    total = sum(counts.values())
    background = counts.most_common(1)[0][1] if counts else 0
    return {
        "width": width,
        "height": height,
        "colours": len(counts),
        "contentShare": round((total - background) / total, 4) if total else 0.0,
    }


def encode(width, height, bpp, rows, filters, colour):
    """A PNG of `rows` with scanline filter `filters[y % len(filters)]` on row y: the
    self-test's reference encoder (the filters written out byte by byte, as the spec
    states them, so they check the masked arithmetic above)."""

    def paeth(a, b, c):
        pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
        return a if pa <= pb and pa <= pc else (b if pb <= pc else c)

    out, previous = bytearray(), bytes(width * bpp)
    for y, row in enumerate(rows):
        kind = filters[y % len(filters)]
        left = lambda i: row[i - bpp] if i >= bpp else 0  # noqa: E731
        corner = lambda i: previous[i - bpp] if i >= bpp else 0  # noqa: E731
        predict = {
            0: lambda i: 0,
            1: left,
            2: lambda i: previous[i],
            3: lambda i: (left(i) + previous[i]) // 2,
            4: lambda i: paeth(left(i), previous[i], corner(i)),
        }[kind]
        out.append(kind)
        out.extend((row[i] - predict(i)) & 0xFF for i in range(len(row)))
        previous = row

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(out))) + chunk(b"IEND", b"")


def self_test():
    """Random images in every colour type, through every filter and a mix of them, must
    decode to their pixels; prints one JSON line and exits 0, or names the first mismatch."""
    import json
    import random

    rng = random.Random(12)
    cases = 0
    for colour, bpp in ((0, 1), (2, 3), (4, 2), (6, 4)):
        for filters in ((0,), (1,), (2,), (3,), (4,), (0, 1, 2, 3, 4)):
            width, height = rng.randint(1, 23), rng.randint(1, 9)
            # Few distinct values, so the Paeth predictor meets its ties.
            values = (0, 1, 2, 4, 128, 255, rng.randrange(256))
            rows = [bytes(rng.choice(values) for _ in range(width * bpp)) for _ in range(height)]
            decoded = decode(encode(width, height, bpp, rows, filters, colour))
            if decoded[:3] != (width, height, bpp) or decoded[4] != rows:
                print(json.dumps({"passed": False, "colour": colour, "filters": filters}))
                return 1
            cases += 1
    print(json.dumps({"passed": True, "cases": cases}))
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(self_test() if sys.argv[1:] == ["--self-test"] else 2)
