"""Portrait uploads: only real images of bounded size, re-encoded under a new name."""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext
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
            gettext("The portrait is %(size)s MB; upload one of at most %(most)s MB.")
            % {
                "size": number_format(upload.size / 1e6, 1),
                "most": number_format(max_bytes / 1e6, 0),
            },
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
                    gettext("A portrait must be a JPEG, PNG, WebP or GIF image, not %(format)s.")
                    % {"format": image_format},
                    code="portrait_format",
                )
            if max(width, height) > max_side or min(width, height) < MIN_SIDE:
                raise ValidationError(
                    gettext(
                        "The portrait is %(width)s×%(height)s pixels; each side must be from "
                        "%(least)s to %(most)s pixels."
                    )
                    % {"width": width, "height": height, "least": MIN_SIDE, "most": max_side},
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
            gettext(
                "This file is not an image we can read; upload a JPEG, PNG, WebP or GIF portrait."
            ),
            code="portrait_unreadable",
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            gettext(
                "This image file is damaged or truncated; export it again and upload the copy."
            ),
            code="portrait_damaged",
        ) from None
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def forget_portrait(person_model, name):
    """Once the change commits, delete the portrait file `name` unless a person still
    shows it (a merge hands the portrait to the person kept)."""

    def delete():
        if not person_model.objects.filter(portrait=name).exists():
            person_model._meta.get_field("portrait").storage.delete(name)

    transaction.on_commit(delete)


def forget_deleted_portrait(sender, instance, **kwargs):
    if instance.portrait:
        forget_portrait(sender, instance.portrait.name)
