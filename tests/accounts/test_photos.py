"""Photo uploads: only small JPEG/PNG/WebP photos get through, cleaned; everything else changes nothing."""

import io
import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from members import photos, profiles
from members.models import Member

RED, BLUE = (220, 20, 20), (20, 20, 220)


def image_bytes(fmt: str, size=(64, 64), mode="RGB", colour=(10, 120, 130), **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(data: bytes, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def portrait_jpeg_with_gps() -> bytes:
    """A landscape JPEG stored sideways (EXIF orientation 6) with GPS, camera and comment metadata.

    Stored: top half red, bottom half blue. Shown upright (rotated 90° clockwise): left blue, right red.
    """
    image = Image.new("RGB", (600, 300), RED)
    image.paste(BLUE, (0, 150, 600, 300))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCorp"
    exif[ExifTags.Base.Model] = "Pocket 12"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (52.0, 57.0, 1.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (1.0, 53.0, 2.0),
    }
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, comment=b"home address here", quality=95)
    return buffer.getvalue()


def huge_png() -> bytes:
    """12000 x 12000 pixels in about 140 KiB: decoding it would take 400+ MiB."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


CORPUS = {
    "bmp": (lambda: image_bytes("BMP"), "photo.bmp", "not a JPEG, PNG or WebP"),
    "gif": (lambda: image_bytes("GIF", mode="P"), "photo.gif", "not a JPEG, PNG or WebP"),
    "svg": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
        "photo.svg",
        "not a JPEG, PNG or WebP",
    ),
    "html-as-jpg": (
        lambda: b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
        "photo.jpg",
        "not a JPEG, PNG or WebP",
    ),
    "truncated-jpeg": (
        lambda: image_bytes("JPEG", size=(800, 600), quality=95)[:2000],
        "photo.jpg",
        "could not be read",
    ),
    "six-megabytes": (lambda: b"\xff\xd8\xff\xe0" + bytes(6 * 1024 * 1024), "photo.jpg", "larger than 5 MB"),
    "empty": (lambda: b"", "photo.jpg", "empty"),
}


@pytest.fixture
def alice_with_photo(alice):
    member = profiles.set_photo(alice.member, upload=upload(image_bytes("PNG", size=(500, 500)), "me.png", "image/png"))
    return alice, member


def stored_names(member: Member) -> tuple[str, str]:
    member.refresh_from_db()
    return member.photo.name, member.photo_thumbnail.name


def media_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()} if root.exists() else set()


@pytest.mark.parametrize("kind", list(CORPUS))
def test_bad_uploads_are_refused_with_a_message_and_change_nothing(client, settings, alice_with_photo, kind):
    alice, member = alice_with_photo
    make, name, message = CORPUS[kind]
    before_names, before_files = stored_names(member), media_files(settings)
    client.force_login(alice)
    response = client.post(reverse("accounts:photo"), {"photo": upload(make(), name)})
    assert response.status_code in (400, 413)
    assert message in response.text
    assert stored_names(member) == before_names, "the previous photo stays"
    assert media_files(settings) == before_files, "nothing new is stored"


def test_a_12000_pixel_square_png_is_refused_from_its_header_without_decoding(alice):
    data = huge_png()
    assert len(data) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(profiles.ProfileError, match="12000 × 12000 pixels") as refused:
        profiles.set_photo(alice.member, upload=upload(data, "huge.png", "image/png"))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "40 megapixels" in str(refused.value)
    assert elapsed < 0.5
    assert peak < 20 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB: the pixels were decoded"


def test_a_12000_pixel_png_through_the_page(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:photo"), {"photo": upload(huge_png(), "huge.png", "image/png")})
    assert response.status_code == 400
    assert "the limit is 40 megapixels" in response.text


def test_an_oversized_request_is_refused_before_it_is_read(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:photo"),
        {"photo": upload(bytes(6 * 1024 * 1024), "big.jpg")},
    )
    assert response.status_code == 413
    assert "larger than 5 MB" in response.text


def test_a_phone_photo_is_turned_upright_and_stripped_of_metadata(client, settings, alice):
    original = portrait_jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as source:
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test photo really carries GPS"
    client.force_login(alice)
    response = client.post(reverse("accounts:photo"), {"photo": upload(original, "IMG_0042 home.jpg")})
    assert response.status_code == 302
    member = Member.objects.get(pk=alice.member.pk)
    for field, size in ((member.photo, 400), (member.photo_thumbnail, 96)):
        path = Path(field.path)
        assert path.suffix == ".webp"
        assert "IMG_0042" not in path.name and "home" not in path.name
        data = path.read_bytes()
        assert b"EXIF" not in data and b"XMP " not in data and b"ICCP" not in data
        assert b"PhoneCorp" not in data and b"home address" not in data
        with Image.open(path) as stored:
            assert stored.format == "WEBP"
            assert stored.size == (size, size)
            assert not stored.getexif()
            assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
            rgb = stored.convert("RGB")
            left, right = rgb.getpixel((size // 8, size // 8)), rgb.getpixel((size * 7 // 8, size * 7 // 8))
            assert left[2] > 150 and left[0] < 100, f"upright: left side is blue, got {left}"
            assert right[0] > 150 and right[2] < 100, f"upright: right side is red, got {right}"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_each_allowed_format_is_accepted(alice, fmt):
    member = profiles.set_photo(alice.member, upload=upload(image_bytes(fmt, size=(1200, 900)), f"a.{fmt.lower()}"))
    assert member.photo.name.endswith(".webp")
    assert member.photo_thumbnail.name.endswith("-thumb.webp")


def test_a_transparent_png_keeps_its_transparency(alice):
    data = image_bytes("PNG", size=(200, 200), mode="RGBA", colour=(0, 0, 0, 0))
    member = profiles.set_photo(alice.member, upload=upload(data, "a.png", "image/png"))
    with Image.open(member.photo.path) as stored:
        assert stored.mode == "RGBA"


def test_a_new_photo_replaces_the_old_files(settings, alice_with_photo, django_capture_on_commit_callbacks):
    alice, member = alice_with_photo
    old = [member.photo.path, member.photo_thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        profiles.set_photo(member, upload=upload(image_bytes("JPEG"), "new.jpg"))
    assert not any(Path(path).exists() for path in old)
    assert len(media_files(settings)) == 2


def test_alice_removes_her_photo(client, settings, alice_with_photo, django_capture_on_commit_callbacks):
    alice, member = alice_with_photo
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:photo-remove"))
    assert response.status_code == 302
    assert stored_names(member) == ("", "")
    assert media_files(settings) == set()


def test_bob_cannot_touch_alices_photo(client, alice_with_photo, bob):
    alice, member = alice_with_photo
    before = stored_names(member)
    client.force_login(bob)
    client.post(reverse("accounts:photo"), {"photo": upload(image_bytes("JPEG"), "bob.jpg")})
    client.post(reverse("accounts:photo-remove"))
    assert stored_names(member) == before
    assert Member.objects.get(user=bob).photo == ""


def test_cards_use_the_thumbnail_and_the_profile_the_photo(client, alice_with_photo):
    alice, member = alice_with_photo
    page = client.get(member.get_absolute_url())
    assert member.photo.url in page.text
    assert member.photo_thumbnail.url not in page.text

    cards = client.get(reverse("members:list"))
    assert f'<img class="avatar avatar--md" src="{member.photo_thumbnail.url}"' in cards.text


def test_the_upload_limits_are_what_the_page_says():
    assert photos.MAX_BYTES == 5 * 1024 * 1024
    assert photos.MAX_PIXELS == 40_000_000
    assert photos.ALLOWED_FORMATS == ("JPEG", "PNG", "WEBP")
