"""Portrait uploads: only real images of bounded size, re-encoded under a new name."""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MIN_SIDE = 32
# Stored portraits are at most this wide or high; larger uploads are scaled down.
STORED_SIDE = 1200


def clean_portrait(upload):
    """Return the upload re-encoded as a JPEG ContentFile, or raise ValidationError.

    Re-encoding drops whatever rides along in the file (EXIF with GPS positions,
    scripts in comments, polyglot payloads); the generated name keeps the editor's
    file name (which may hold personal data or path tricks) out of the storage.
    """
    max_bytes, max_side = settings.PORTRAIT_MAX_BYTES, settings.PORTRAIT_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            f"The portrait is {upload.size / 1e6:.1f} MB; upload one of at most "
            f"{max_bytes / 1e6:.0f} MB.",
            code="portrait_too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                image_format = probe.format
                width, height = probe.size
                probe.verify()
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(
                    f"A portrait must be a JPEG, PNG, WebP or GIF image, not {image_format}.",
                    code="portrait_format",
                )
            if max(width, height) > max_side or min(width, height) < MIN_SIDE:
                raise ValidationError(
                    f"The portrait is {width}×{height} pixels; each side must be from "
                    f"{MIN_SIDE} to {max_side} pixels.",
                    code="portrait_dimensions",
                )
            upload.seek(0)
            with Image.open(upload) as image:
                image = ImageOps.exif_transpose(image).convert("RGB")
                image.thumbnail((STORED_SIDE, STORED_SIDE))
                buffer = io.BytesIO()
                image.save(buffer, format="JPEG", quality=88, optimize=True)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This file is not an image we can read; upload a JPEG, PNG, WebP or GIF portrait.",
            code="portrait_unreadable",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image file is damaged or truncated; export it again and upload the copy.",
            code="portrait_damaged",
        ) from None
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
