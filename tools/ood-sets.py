#!/usr/bin/env python3
"""Out-of-distribution sets for "is this a digit?" (issue #35), made on this machine, seeded.

Writes gzipped IDX image files (28×28, 0–255, ink bright on black, as MNIST's) that `vae score`
reads, one per set, into --out (default target/ood-sets/):

  letters   A–Z and a–z rendered from the TrueType fonts on the machine (DejaVu, Liberation),
            each with a random small rotation and slant
  chinese   common Chinese characters from WenQuanYi Micro Hei (when installed)
  strokes   one to three random pen strokes (polylines, arcs, Bézier curves), 1.8–3.2 px wide
  shapes    ellipses, rectangles, triangles, stars and crosses, filled or outlined, rotated
  noise     each pixel ink with its own image's probability, uniform in [0.02, 0.5]
  dots      nearly blank: one to three small dots anywhere (not framed)
  inverted  the first test digits with ink and paper swapped

Letters, strokes and shapes are framed as MNIST's digits were: scaled to fit a 20×20 box
(aspect kept) and moved so that their centre of mass lies at the image's centre; grey levels
are the share of each pixel the shape covers (16 samples a pixel). `vae score` binarises at ½.

Python 3 alone, no packages: the fonts are read and their quadratic outlines filled by the
small TrueType reader and scan-line rasteriser below (simple and composite glyphs, nonzero
winding). The same seed, fonts and MNIST file give the same bytes (each set's SHA-256 is in
manifest.json beside them). --sheet writes a PNG of each set's first 16 images, one row a set.

  python3 tools/ood-sets.py [--out DIR] [--count 1000] [--seed 0]
                            [--mnist www/data/t10k-images-idx3-ubyte.gz] [--sheet FILE.png]
"""

import argparse
import gzip
import hashlib
import json
import math
import os
import random
import struct
import sys
import zlib

SIDE = 28
BOX = 20.0
SUPER = 4  # samples per pixel along each axis

LATIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
]
CHINESE_FONTS = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"]
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CHINESE = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家"
    "学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经"
)


# --- TrueType -------------------------------------------------------------------------------


class Font:
    """The glyph outlines of a TrueType font (or the first font of a collection)."""

    def __init__(self, path):
        self.path = path
        with open(path, "rb") as file:
            data = file.read()
        base = 0
        if data[:4] == b"ttcf":
            base = struct.unpack(">I", data[12:16])[0]
        tables = {}
        count = struct.unpack(">H", data[base + 4 : base + 6])[0]
        for i in range(count):
            record = base + 12 + 16 * i
            tag = data[record : record + 4].decode("latin-1")
            offset, length = struct.unpack(">II", data[record + 8 : record + 16])
            tables[tag] = (offset, length)
        self.data, self.tables = data, tables
        head = tables["head"][0]
        self.long_loca = struct.unpack(">h", data[head + 50 : head + 52])[0] == 1
        glyphs = struct.unpack(">H", data[tables["maxp"][0] + 4 : tables["maxp"][0] + 6])[0]
        loca = tables["loca"][0]
        if self.long_loca:
            self.loca = struct.unpack(f">{glyphs + 1}I", data[loca : loca + 4 * (glyphs + 1)])
        else:
            shorts = struct.unpack(f">{glyphs + 1}H", data[loca : loca + 2 * (glyphs + 1)])
            self.loca = [2 * s for s in shorts]
        self.cmap = self._read_cmap()

    def _read_cmap(self):
        data, cmap = self.data, self.tables["cmap"][0]
        count = struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]
        for i in range(count):
            platform, encoding, offset = struct.unpack(
                ">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i]
            )
            at = cmap + offset
            if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack(
                ">H", data[at : at + 2]
            )[0] == 4:
                return at
        raise ValueError(f"{self.path}: no Unicode cmap of format 4")

    def glyph_index(self, char):
        data, at, code = self.data, self.cmap, ord(char)
        segments = struct.unpack(">H", data[at + 6 : at + 8])[0] // 2
        ends = at + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        ranges = deltas + 2 * segments
        for i in range(segments):
            end = struct.unpack(">H", data[ends + 2 * i : ends + 2 * i + 2])[0]
            if end < code:
                continue
            start = struct.unpack(">H", data[starts + 2 * i : starts + 2 * i + 2])[0]
            if start > code:
                return 0
            delta = struct.unpack(">h", data[deltas + 2 * i : deltas + 2 * i + 2])[0]
            range_at = ranges + 2 * i
            range_offset = struct.unpack(">H", data[range_at : range_at + 2])[0]
            if range_offset == 0:
                return (code + delta) & 0xFFFF
            where = range_at + range_offset + 2 * (code - start)
            glyph = struct.unpack(">H", data[where : where + 2])[0]
            return (glyph + delta) & 0xFFFF if glyph else 0
        return 0

    def contours(self, glyph, depth=0):
        """The glyph's closed contours, each a list of (x, y, on-curve) in font units."""
        data = self.data
        start, end = self.loca[glyph], self.loca[glyph + 1]
        if start == end or depth > 4:
            return []
        at = self.tables["glyf"][0] + start
        n = struct.unpack(">h", data[at : at + 2])[0]
        at += 10
        if n < 0:
            return self._composite(at, depth)
        ends = struct.unpack(f">{n}H", data[at : at + 2 * n])
        at += 2 * n
        at += 2 + struct.unpack(">H", data[at : at + 2])[0]
        points = ends[-1] + 1 if n else 0
        flags = []
        while len(flags) < points:
            flag = data[at]
            at += 1
            flags.append(flag)
            if flag & 8:
                flags.extend([flag] * data[at])
                at += 1
        flags = flags[:points]
        coordinates = []
        for short, same in ((2, 16), (4, 32)):
            value, values = 0, []
            for flag in flags:
                if flag & short:
                    value += data[at] if flag & same else -data[at]
                    at += 1
                elif not flag & same:
                    value += struct.unpack(">h", data[at : at + 2])[0]
                    at += 2
                values.append(value)
            coordinates.append(values)
        xs, ys = coordinates
        contours, first = [], 0
        for last in ends:
            contours.append(
                [(xs[i], ys[i], bool(flags[i] & 1)) for i in range(first, last + 1)]
            )
            first = last + 1
        return contours

    def _composite(self, at, depth):
        data, contours = self.data, []
        while True:
            flags, glyph = struct.unpack(">HH", data[at : at + 4])
            at += 4
            if flags & 1:
                dx, dy = struct.unpack(">hh", data[at : at + 4])
                at += 4
            else:
                dx, dy = struct.unpack(">bb", data[at : at + 2])
                at += 2
            if not flags & 2:
                dx = dy = 0  # point matching: rare in letters, left unmoved
            a, b, c, d = 1.0, 0.0, 0.0, 1.0
            if flags & 8:
                a = d = struct.unpack(">h", data[at : at + 2])[0] / 16384
                at += 2
            elif flags & 0x40:
                a, d = (v / 16384 for v in struct.unpack(">hh", data[at : at + 4]))
                at += 4
            elif flags & 0x80:
                a, b, c, d = (v / 16384 for v in struct.unpack(">hhhh", data[at : at + 8]))
                at += 8
            for contour in self.contours(glyph, depth + 1):
                contours.append(
                    [(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour]
                )
            if not flags & 0x20:
                return contours


def flatten(contour, steps=6):
    """A TrueType contour (on- and off-curve points) as a polygon."""
    points = list(contour)
    if not any(on for _, _, on in points):
        x0, y0, _ = points[0]
        x1, y1, _ = points[1]
        points.insert(0, ((x0 + x1) / 2, (y0 + y1) / 2, True))
    while not points[0][2]:
        points.append(points.pop(0))
    polygon = [(points[0][0], points[0][1])]
    n = len(points)
    i = 1
    current = polygon[0]
    while i <= n:
        x, y, on = points[i % n]
        if on:
            polygon.append((x, y))
            current = (x, y)
            i += 1
            continue
        nx, ny, non = points[(i + 1) % n]
        end = (nx, ny) if non else ((x + nx) / 2, (y + ny) / 2)
        for s in range(1, steps + 1):
            t = s / steps
            u = 1 - t
            polygon.append(
                (
                    u * u * current[0] + 2 * u * t * x + t * t * end[0],
                    u * u * current[1] + 2 * u * t * y + t * t * end[1],
                )
            )
        current = end
        i += 2 if non else 1
    return polygon[:-1] if polygon[-1] == polygon[0] else polygon


# --- Filling shapes -------------------------------------------------------------------------


def raster(polygons):
    """Each pixel's covered share (nonzero winding), SUPER² samples a pixel: 784 floats."""
    rows = SIDE * SUPER
    crossings = [[] for _ in range(rows)]
    for polygon in polygons:
        for i, (x0, y0) in enumerate(polygon):
            x1, y1 = polygon[(i + 1) % len(polygon)]
            if y0 == y1:
                continue
            direction = 1 if y1 > y0 else -1
            if y0 > y1:
                x0, y0, x1, y1 = x1, y1, x0, y0
            slope = (x1 - x0) / (y1 - y0)
            # The sample rows whose centre y satisfies y0 <= y < y1.
            for row in range(max(0, math.ceil(y0 * SUPER - 0.5)), min(rows, math.ceil(y1 * SUPER - 0.5))):
                y = (row + 0.5) / SUPER
                crossings[row].append((x0 + (y - y0) * slope, direction))
    cover = [0.0] * (SIDE * SIDE)
    share = 1.0 / (SUPER * SUPER)
    columns = SIDE * SUPER
    for row in range(rows):
        winding, start, base = 0, 0.0, (row // SUPER) * SIDE
        for x, d in sorted(crossings[row]):
            before = winding
            winding += d
            if before == 0 and winding != 0:
                start = x
            elif before != 0 and winding == 0:
                first = max(0, math.ceil(start * SUPER - 0.5))
                last = min(columns, math.ceil(x * SUPER - 0.5))
                for column in range(first, last):
                    cover[base + column // SUPER] += share
    return cover


def orient(polygon):
    """The polygon counter-clockwise in image coordinates, so that overlaps add up (nonzero)."""
    area = sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1])
    )
    return polygon if area >= 0 else polygon[::-1]


def disc(cx, cy, r, sides=12):
    return [
        (cx + r * math.cos(2 * math.pi * k / sides), cy + r * math.sin(2 * math.pi * k / sides))
        for k in range(sides)
    ]


def thicken(path, width, closed=False):
    """A pen of `width` pixels along `path`: a quadrilateral a segment, a disc a joint."""
    polygons = []
    segments = list(zip(path, path[1:] + path[:1])) if closed else list(zip(path, path[1:]))
    for (x0, y0), (x1, y1) in segments:
        length = math.hypot(x1 - x0, y1 - y0)
        if length < 1e-9:
            continue
        nx, ny = -(y1 - y0) / length * width / 2, (x1 - x0) / length * width / 2
        polygons.append(orient([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]))
    for x, y in path:
        polygons.append(orient(disc(x, y, width / 2)))
    return polygons


def fit(points_lists, box=BOX):
    """A transform that scales the points' bounding box to fit `box` (aspect kept), centred."""
    xs = [x for points in points_lists for x, _ in points]
    ys = [y for points in points_lists for _, y in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    scale = box / max(width, height, 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return lambda p: ((p[0] - cx) * scale + SIDE / 2, (p[1] - cy) * scale + SIDE / 2)


def centred(polygons):
    """The polygons rasterised, then moved so that the ink's centre of mass is the centre."""
    cover = raster(polygons)
    mass = sum(min(1.0, c) for c in cover)
    if mass == 0:
        return cover
    mx = sum(min(1.0, c) * (i % SIDE + 0.5) for i, c in enumerate(cover)) / mass
    my = sum(min(1.0, c) * (i // SIDE + 0.5) for i, c in enumerate(cover)) / mass
    dx, dy = SIDE / 2 - mx, SIDE / 2 - my
    return raster([[(x + dx, y + dy) for x, y in polygon] for polygon in polygons])


def to_bytes(cover):
    return bytes(round(min(1.0, max(0.0, c)) * 255) for c in cover)


# --- The sets -------------------------------------------------------------------------------


def transform_glyph(contours, rng):
    """Font units (y up) to image coordinates (y down), rotated and slanted a little."""
    angle = math.radians(rng.uniform(-12, 12))
    slant = rng.uniform(-0.2, 0.2)
    cos, sin = math.cos(angle), math.sin(angle)

    def move(p):
        x, y = p[0] + slant * p[1], -p[1]
        return (cos * x - sin * y, sin * x + cos * y)

    return [[move(p) for p in polygon] for polygon in contours]


def glyph_image(font, char, rng):
    polygons = [flatten(c) for c in font.contours(font.glyph_index(char)) if len(c) >= 2]
    polygons = transform_glyph(polygons, rng)
    place = fit(polygons)
    return centred([[place(p) for p in polygon] for polygon in polygons])


def glyph_set(fonts, chars, count, rng):
    usable = [(f, c) for f in fonts for c in chars if f.glyph_index(c) and f.contours(f.glyph_index(c))]
    return [to_bytes(glyph_image(*rng.choice(usable), rng)) for _ in range(count)]


def random_path(rng):
    kind = rng.choice(["polyline", "arc", "bezier"])
    if kind == "polyline":
        return [(rng.random(), rng.random()) for _ in range(rng.randint(2, 5))]
    if kind == "arc":
        start, extent = rng.uniform(0, 2 * math.pi), rng.uniform(0.5, 1.8) * math.pi
        rx, ry = rng.uniform(0.3, 1.0), rng.uniform(0.3, 1.0)
        return [
            (rx * math.cos(start + extent * t / 24), ry * math.sin(start + extent * t / 24))
            for t in range(25)
        ]
    p = [(rng.random(), rng.random()) for _ in range(4)]
    return [
        tuple(
            (1 - t) ** 3 * p[0][k] + 3 * (1 - t) ** 2 * t * p[1][k] + 3 * (1 - t) * t * t * p[2][k] + t**3 * p[3][k]
            for k in range(2)
        )
        for t in (s / 24 for s in range(25))
    ]


def stroke_image(rng):
    paths = [random_path(rng) for _ in range(rng.randint(1, 3))]
    # Several strokes share one frame: they cross and touch as they fall.
    place = fit(paths)
    width = rng.uniform(1.8, 3.2)
    polygons = [poly for path in paths for poly in thicken([place(p) for p in path], width)]
    return centred(polygons)


def shape_outline(kind, rng):
    if kind == "ellipse":
        ry = rng.uniform(0.4, 1.0)
        return [(math.cos(2 * math.pi * k / 32), ry * math.sin(2 * math.pi * k / 32)) for k in range(32)]
    if kind == "rectangle":
        h = rng.uniform(0.3, 1.0)
        return [(-1, -h), (1, -h), (1, h), (-1, h)]
    if kind == "triangle":
        return [(rng.uniform(-1, 1), -1), (1, 1), (-1, 1)]
    if kind == "star":
        inner = rng.uniform(0.35, 0.55)
        return [
            ((1 if k % 2 == 0 else inner) * math.cos(math.pi * k / 5 - math.pi / 2),
             (1 if k % 2 == 0 else inner) * math.sin(math.pi * k / 5 - math.pi / 2))
            for k in range(10)
        ]
    a = rng.uniform(0.2, 0.4)  # a cross (plus sign)
    return [(-a, -1), (a, -1), (a, -a), (1, -a), (1, a), (a, a), (a, 1), (-a, 1), (-a, a), (-1, a), (-1, -a), (-a, -a)]


def shape_image(rng):
    kind = rng.choice(["ellipse", "rectangle", "triangle", "star", "cross"])
    outline = shape_outline(kind, rng)
    angle = rng.uniform(0, 2 * math.pi)
    cos, sin = math.cos(angle), math.sin(angle)
    outline = [(cos * x - sin * y, sin * x + cos * y) for x, y in outline]
    place = fit([outline])
    outline = [place(p) for p in outline]
    if rng.random() < 0.5:
        return centred([orient(outline)])
    return centred(thicken(outline, rng.uniform(1.8, 3.2), closed=True))


def noise_image(rng):
    p = rng.uniform(0.02, 0.5)
    return bytes(255 if rng.random() < p else 0 for _ in range(SIDE * SIDE))


def dots_image(rng):
    polygons = [
        orient(disc(rng.uniform(3, SIDE - 3), rng.uniform(3, SIDE - 3), rng.uniform(0.8, 2.0)))
        for _ in range(rng.randint(1, 3))
    ]
    return to_bytes(raster(polygons))


def read_idx_images(path, count):
    with open(path, "rb") as file:
        data = file.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    magic, n, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 0x803 or (rows, cols) != (SIDE, SIDE):
        raise ValueError(f"{path}: not an IDX file of 28×28 images")
    return [data[16 + i * SIDE * SIDE : 16 + (i + 1) * SIDE * SIDE] for i in range(min(n, count))]


def write_idx(path, images):
    header = struct.pack(">IIII", 0x803, len(images), SIDE, SIDE)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(header + b"".join(images))


def write_sheet(path, rows, per_row=16, scale=2):
    """A PNG: each set's first images in a row, ink dark on white, 1 px gaps, `scale`× larger."""
    cell = SIDE + 1
    width = (per_row * cell + 1) * scale
    height = (len(rows) * cell + 1) * scale
    pixels = bytearray([200] * (width * height))
    for r, images in enumerate(rows):
        for c, image in enumerate(images[:per_row]):
            for y in range(SIDE * scale):
                for x in range(SIDE * scale):
                    at = ((1 + r * cell) * scale + y) * width + (1 + c * cell) * scale + x
                    pixels[at] = 255 - image[(y // scale) * SIDE + x // scale]
    raw = b"".join(b"\0" + bytes(pixels[y * width : (y + 1) * width]) for y in range(height))

    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)))
        out.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        out.write(chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="target/ood-sets")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mnist", default="www/data/t10k-images-idx3-ubyte.gz")
    parser.add_argument("--sets", default="letters,chinese,strokes,shapes,noise,dots,inverted")
    parser.add_argument("--sheet")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    latin = [Font(p) for p in LATIN_FONTS if os.path.exists(p)]
    chinese = [Font(p) for p in CHINESE_FONTS if os.path.exists(p)]
    makers = {
        "letters": (lambda rng: glyph_set(latin, LETTERS, args.count, rng)) if latin else None,
        "chinese": (lambda rng: glyph_set(chinese, CHINESE, args.count, rng)) if chinese else None,
        "strokes": lambda rng: [to_bytes(stroke_image(rng)) for _ in range(args.count)],
        "shapes": lambda rng: [to_bytes(shape_image(rng)) for _ in range(args.count)],
        "noise": lambda rng: [noise_image(rng) for _ in range(args.count)],
        "dots": lambda rng: [dots_image(rng) for _ in range(args.count)],
        "inverted": lambda rng: [bytes(255 - p for p in image) for image in read_idx_images(args.mnist, args.count)],
    }
    manifest = {"seed": args.seed, "count": args.count, "fonts": [f.path for f in latin + chinese], "sets": {}}
    rows = []
    for name in args.sets.split(","):
        make = makers.get(name)
        if make is None:
            print(f"{name}: skipped (unknown set, or no font for it)", file=sys.stderr)
            continue
        # A string seed is hashed the same way on every run (not by PYTHONHASHSEED).
        images = make(random.Random(f"{args.seed}/{name}"))
        path = os.path.join(args.out, f"{name}-images-idx3-ubyte.gz")
        write_idx(path, images)
        digest = hashlib.sha256(b"".join(images)).hexdigest()
        manifest["sets"][name] = {"file": path, "images": len(images), "sha256": digest}
        rows.append(images)
        print(f"{path}: {len(images)} images", file=sys.stderr)
    with open(os.path.join(args.out, "manifest.json"), "w") as out:
        json.dump(manifest, out, indent=2)
    if args.sheet:
        write_sheet(args.sheet, rows)


if __name__ == "__main__":
    main()
