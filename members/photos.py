"""Turn an uploaded profile photo into two small, clean WebP files, or refuse it with a reason.

Only the JPEG, PNG and WebP decoders are ever run (most image-library flaws live in the
others). Size and pixel count are checked from the file and its header before any pixel
is decoded, so a small file that expands to gigabytes is refused at once. The output is
drawn onto a new image, which carries no EXIF, GPS, XMP or colour-profile data.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT = "image/jpeg,image/png,image/webp"
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
PHOTO_SIZE = 400
THUMBNAIL_SIZE = 96
WEBP_QUALITY = 82


class PhotoError(Exception):
    """An upload that cannot be used as a profile photo; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class ProcessedPhoto:
    photo: ContentFile
    thumbnail: ContentFile


def process_upload(upload) -> ProcessedPhoto:
    """Check an uploaded file and return the square photo (about 400 px) and thumbnail (96 px) as WebP."""
    size = getattr(upload, "size", None)
    if size is None or size > MAX_BYTES:
        raise PhotoError(_("This file is larger than 5 MB. Please choose a smaller photo."))
    if size == 0:
        raise PhotoError(_("This file is empty. Please choose a JPEG, PNG or WebP photo."))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns about images over its own limit (89 Mpx); ours is lower and checked just below.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload, formats=ALLOWED_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise PhotoError(_too_many_pixels(width, height))
                return _square_versions(image)
    except PhotoError:
        raise
    except Image.DecompressionBombError as error:
        raise PhotoError(_("This image has too many pixels (the limit is 40 megapixels).")) from error
    except UnidentifiedImageError as error:
        raise PhotoError(
            _("This file is not a JPEG, PNG or WebP image. Please choose a photo in one of those formats.")
        ) from error
    except Exception as error:
        # Malformed files make Pillow raise many kinds of error (OSError, SyntaxError, struct.error, ...).
        raise PhotoError(
            _("This image could not be read; it may be damaged or incomplete. Please try another file.")
        ) from error


def _too_many_pixels(width: int, height: int) -> str:
    return _(
        "This image is %(width)d × %(height)d pixels; the limit is 40 megapixels. Please choose a smaller photo."
    ) % {
        "width": width,
        "height": height,
    }


def _square_versions(image: Image.Image) -> ProcessedPhoto:
    if image.format == "JPEG":
        # Let the JPEG decoder downscale by 2, 4 or 8 while decoding: far less memory and time.
        image.draft("RGB", (PHOTO_SIZE, PHOTO_SIZE))
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    mode = "RGBA" if has_alpha else "RGB"
    square = ImageOps.fit(
        upright.convert(mode), (PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS, centering=(0.5, 0.4)
    )
    return ProcessedPhoto(
        photo=_clean_webp(square),
        thumbnail=_clean_webp(square.resize((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)),
    )


def _clean_webp(image: Image.Image) -> ContentFile:
    # A fresh image holds pixels only: whatever metadata the source carried stays behind.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    buffer = io.BytesIO()
    clean.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    return ContentFile(buffer.getvalue())
