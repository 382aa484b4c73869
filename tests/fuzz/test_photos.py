"""Photo uploads: random bytes, real images in every format and mode, truncated and bit-flipped images,
headers that claim huge dimensions, odd names and content types, bodies that are not multipart at all.

A refused upload leaves the stored photo and the media folder as they were; an accepted one stores a clean
400 px WebP photo and a 96 px thumbnail, and only when the upload was a JPEG, PNG or WebP image.
"""

import io
import struct
import zlib
from pathlib import Path

from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st
from PIL import Image

from accounts import views
from members import photos
from members.models import Member
from tests.fuzz.checks import send
from tests.fuzz.strategies import hostile_text

FUZZ = settings.get_profile("mmin-fuzz")

FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "ICO", "PPM", "TGA"]
MODES = ["RGB", "RGBA", "L", "LA", "P", "1", "CMYK", "I;16", "I", "F", "YCbCr"]
MAGIC = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"GIF89a", b"BM", b"<svg "]


@st.composite
def images(draw, formats=FORMATS) -> bytes:
    """A real image file: any format Pillow writes, any mode, 1-600 px a side, sometimes animated or with EXIF."""
    fmt = draw(st.sampled_from(formats), label="format")
    mode = draw(st.sampled_from(MODES), label="mode")
    size = (draw(st.integers(min_value=1, max_value=600)), draw(st.integers(min_value=1, max_value=600)))
    frames = [
        Image.new(mode, size, draw(st.integers(min_value=0, max_value=255))) for _ in range(draw(st.integers(1, 3)))
    ]
    options = {}
    if len(frames) > 1:
        options = {"save_all": True, "append_images": frames[1:]}
    if fmt in ("JPEG", "PNG", "WEBP") and draw(st.booleans()):
        exif = Image.Exif()
        exif[0x0112] = draw(st.integers(min_value=0, max_value=65535), label="orientation")  # valid ones are 1-8
        options["exif"] = exif
    buffer = io.BytesIO()
    try:
        frames[0].save(buffer, format=fmt, **options)
    except (OSError, ValueError, KeyError, TypeError):
        buffer = io.BytesIO()  # this format cannot hold that mode or size: a plain PNG instead
        frames[0].convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


def claim_size(data: bytes, width: int, height: int) -> bytes:
    """The same file with a header that claims another size (a decompression bomb's trick)."""
    if data.startswith(b"\x89PNG"):
        ihdr = b"IHDR" + struct.pack(">II", width % 2**32, height % 2**32) + data[24:29]
        return data[:12] + ihdr + struct.pack(">I", zlib.crc32(ihdr)) + data[33:]
    if data.startswith(b"\xff\xd8"):
        at = max(data.find(b"\xff\xc0"), data.find(b"\xff\xc2"))
        if at > 0:
            return data[: at + 5] + struct.pack(">HH", height % 2**16, width % 2**16) + data[at + 9 :]
    if data[8:12] == b"WEBP":
        if data[12:16] == b"VP8X":
            return (
                data[:24] + (width % 2**24).to_bytes(3, "little") + (height % 2**24).to_bytes(3, "little") + data[30:]
            )
        if data[12:16] == b"VP8 ":
            return data[:26] + struct.pack("<HH", width % 2**14, height % 2**14) + data[30:]
    return data


@st.composite
def damaged(draw) -> bytes:
    """A real image, cut short, with bytes changed, with a header claiming another size, or with a tail."""
    data = draw(st.one_of(images(photos.ALLOWED_FORMATS), images()))
    damage = draw(st.sampled_from(["truncated", "bit flips", "huge", "tail"]), label="damage")
    if damage == "truncated":
        return data[: draw(st.integers(min_value=0, max_value=len(data)))]
    if damage == "bit flips":
        changed = bytearray(data)
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            changed[draw(st.integers(min_value=0, max_value=len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(changed)
    if damage == "huge":
        # Around the 40-megapixel limit (6325² is under it), up to what the header can hold, and nothing.
        side = st.one_of(st.integers(min_value=6_000, max_value=2**32 - 1), st.sampled_from([0, 1, 6325, 6326, 65535]))
        return claim_size(data, draw(side, label="width"), draw(side, label="height"))
    return data + draw(st.binary(max_size=2048))


# Named rather than listed, so a failing example's description stays short.
ODD_FILES = {
    "empty": lambda: b"",
    "NUL": lambda: b"\x00",
    "script": lambda: b"<script>alert(1)</script>",
    "5 MB of zeros": lambda: photos.MAX_BYTES * b"\x00",
    "6 MB of JPEG markers": lambda: b"\xff\xd8" * 3_000_000,
}
good_images = images(photos.ALLOWED_FORMATS)
uploads = st.one_of(
    good_images,
    good_images,
    good_images,
    images(),
    damaged(),
    damaged(),
    st.binary(max_size=4096),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=2048)).map(b"".join),
    st.sampled_from(sorted(ODD_FILES)).map(lambda name: ODD_FILES[name]()),
)
names = st.one_of(
    st.sampled_from(["me.jpg", "me.png", "me.webp", "me.svg", ".htaccess", "../../me.jpg", "me.php.jpg"]), hostile_text
)
part_types = st.one_of(
    st.sampled_from(
        ["image/jpeg", "image/png", "image/webp", "image/svg+xml", "text/html", "application/octet-stream"]
    ),
    hostile_text,
)
# Mostly a multipart form as browsers send it (None); sometimes a body of another type altogether.
BODY_TYPES = [None] * 14 + [
    "application/json",
    "text/plain",
    "image/jpeg",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=BoUnDaRy",
]


BOUNDARY = "fuzz-7MA4YWxkTrZu0gW"


def as_multipart(data: bytes, *, name: str, content_type: str) -> bytes:
    """The upload as a browser would send it, with the file name and type exactly as given (quotes, CR LF, NUL...)."""
    return b"".join(
        [
            f"--{BOUNDARY}\r\n".encode(),
            f'Content-Disposition: form-data; name="photo"; filename="{name}"\r\n'.encode(),
            f"Content-Type: {content_type}\r\n\r\n".encode(),
            data,
            f"\r\n--{BOUNDARY}--\r\n".encode(),
        ]
    )


def body_length_to_refuse(length: int) -> str:
    """A Content-Length the view must refuse without reading the body whole: none at all, or too big.

    Only digits: the HTTP server (gunicorn) answers 400 to any other Content-Length before Django runs.
    A plausible length longer than the body would make the test client itself fail; a real server waits.
    """
    return str(0 if length <= views.MAX_PHOTO_REQUEST_BYTES else length)


def stored_files(member: Member, media_root) -> tuple:
    member = Member.objects.get(pk=member.pk)
    root = Path(media_root)
    files = {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.exists() else set()
    return member.photo.name, member.photo_thumbnail.name, files


@FUZZ
@given(draw=st.data())
def test_a_photo_upload_stores_a_clean_photo_or_nothing(clients, directory, settings, draw):
    data = draw.draw(uploads, label="file")
    body = draw.draw(st.sampled_from(BODY_TYPES), label="body type")
    extra = {}
    if draw.draw(st.sampled_from([False] * 9 + [True]), label="declares a length"):
        extra["CONTENT_LENGTH"] = body_length_to_refuse(draw.draw(st.integers(min_value=0, max_value=2**70)))
    sent = data
    if body is None:
        sent = as_multipart(data, name=draw.draw(names, label="name"), content_type=draw.draw(part_types, label="type"))
        body = f"multipart/form-data; boundary={BOUNDARY}"
    member = directory.alice.member
    before = stored_files(member, settings.MEDIA_ROOT)

    response = send(clients["alice"], "post", reverse("accounts:photo"), sent, content_type=body, **extra)

    after = stored_files(member, settings.MEDIA_ROOT)
    if response.status_code == 302:
        event("accepted")
        with Image.open(io.BytesIO(data)) as original:
            assert original.format in photos.ALLOWED_FORMATS
        photo, thumbnail, files = after
        assert photo != before[0] and {photo, thumbnail} <= files
        for stored_name, side in ((photo, photos.PHOTO_SIZE), (thumbnail, photos.THUMBNAIL_SIZE)):
            with Image.open(Path(settings.MEDIA_ROOT) / stored_name) as clean:
                assert (clean.format, clean.size) == ("WEBP", (side, side))
                assert not clean.getexif() and "icc_profile" not in clean.info
    else:
        errors = response.context["form"].errors.get("photo", []) if response.context else []
        event(f"refused with {response.status_code}: {str(list(errors))[:120]}")
        assert response.status_code in (400, 413)
        assert after == before
