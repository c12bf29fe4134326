"""RGB pictures separated into the press's CMYK, for PDF/X-1a.

PDF/X-1a allows CMYK and grey only, and no transparency. A photo an editor
sends is RGB, so it is converted here, as it is read, with the printing
plant's output profile (the one the PDF names as its printing condition):
from the profile embedded in the picture, else sRGB, in the perceptual
intent that photos want. Transparent pictures are first set on white paper.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms

JPEG_QUALITY = 95  # the only CMYK WeasyPrint embeds is JPEG; 4:4:4 keeps type in graphics sharp


def separated(data: bytes, profile: bytes) -> tuple[bytes, str] | None:
    """The picture in the profile's CMYK (or grey) and its media type; None when
    it is printable already (or not a picture Pillow reads: the image check says so)."""
    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    transparent = picture.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        "transparency" in picture.info
    )
    out = io.BytesIO()
    dpi = picture.info.get("dpi")
    extra = {"dpi": dpi} if dpi else {}
    if picture.mode in ("L", "LA", "1"):
        if picture.mode == "L" and not transparent:
            return None
        _on_paper(picture, "L").save(out, "PNG", **extra)  # WeasyPrint takes 1-bit as RGB
        return out.getvalue(), "image/png"
    if picture.mode == "CMYK":
        return None
    target = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    cmyk = ImageCms.profileToProfile(
        _on_paper(picture, "RGB"),
        _source_profile(picture.info.get("icc_profile")),
        target,
        renderingIntent=ImageCms.Intent.PERCEPTUAL,
        outputMode="CMYK",
    )
    assert cmyk is not None  # inPlace=False returns the new picture
    cmyk.save(out, "JPEG", quality=JPEG_QUALITY, subsampling=0, **extra)
    return out.getvalue(), "image/jpeg"


def _source_profile(embedded: bytes | None) -> ImageCms.ImageCmsProfile:
    if embedded:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
            if profile.profile.xcolor_space.strip() == "RGB":
                return profile
        except (OSError, ValueError):
            pass  # a damaged profile: the picture is taken as sRGB
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _on_paper(picture: Image.Image, mode: str) -> Image.Image:
    """In mode, with any transparency composited over white."""
    if picture.mode in ("1", "L", "RGB", "CMYK") and "transparency" not in picture.info:
        return picture.convert(mode)
    rgba = picture.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert(mode)


def profile_name(profile: bytes) -> str:
    """The description a profile gives itself, for ``build -v``."""
    try:
        return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile))).strip()
    except (OSError, ValueError, ImageCms.PyCMSError):
        return "unnamed profile"
