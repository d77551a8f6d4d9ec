"""Campaign video blocks: an external player behind a click-to-load facade, a self-hosted
file with captions, or (with neither) the illustrated storyboard."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from .schema import VideoSpec


class VideoConfigError(ValueError):
    pass


@dataclass(frozen=True)
class ExternalPlayer:
    host_name: str  # said to the parent before anything loads
    origin: str  # the only origin allowed in the CSP frame-src
    embed_url: str
    watch_url: str


@dataclass(frozen=True)
class VideoBlock:
    spec: VideoSpec
    player: ExternalPlayer | None = None
    file: str = ""
    captions: str = ""

    @property
    def kind(self) -> str:
        if self.player:
            return "external"
        return "file" if self.file else "storyboard"


YOUTUBE_ID = re.compile(r"^[\w-]{6,20}$")
VIMEO_ID = re.compile(r"^\d{5,12}$")
YOUTUBE_HOSTS = {
    "www.youtube.com",
    "youtube.com",
    "m.youtube.com",
    "youtu.be",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def external_player(url: str) -> ExternalPlayer:
    """Turn a YouTube or Vimeo address into a privacy-enhanced player; refuse anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        raise VideoConfigError(f"video address must use https: {url!r}")
    host = parts.netloc.lower()
    if host in YOUTUBE_HOSTS:
        return _youtube(_youtube_id(parts))
    if host in VIMEO_HOSTS:
        video_id = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if not VIMEO_ID.match(video_id):
            raise VideoConfigError(f"cannot find a Vimeo video id in {url!r}")
        return ExternalPlayer(
            "Vimeo",
            "https://player.vimeo.com",
            f"https://player.vimeo.com/video/{video_id}?dnt=1",
            f"https://vimeo.com/{video_id}",
        )
    raise VideoConfigError(f"only YouTube and Vimeo videos are supported, not {host!r}")


def _youtube_id(parts) -> str:
    path = parts.path.rstrip("/")
    if parts.netloc.lower() == "youtu.be":
        candidate = path.lstrip("/")
    elif path.startswith(("/embed/", "/shorts/", "/live/")):
        candidate = path.rsplit("/", 1)[-1]
    else:
        candidate = parse_qs(parts.query).get("v", [""])[0]
    if not YOUTUBE_ID.match(candidate):
        raise VideoConfigError("cannot find a YouTube video id in the address")
    return candidate


def _youtube(video_id: str) -> ExternalPlayer:
    return ExternalPlayer(
        "YouTube",
        "https://www.youtube-nocookie.com",
        f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1&rel=0",
        f"https://www.youtube.com/watch?v={video_id}",
    )


def build_video_blocks(specs: dict[str, VideoSpec], overrides: dict[str, str]) -> dict[str, VideoBlock]:
    """Resolve each video once at start-up; `overrides` are addresses from settings by video id."""
    blocks = {}
    for video_id, spec in specs.items():
        url = overrides.get(video_id) or spec.url
        player = external_player(url) if url else None
        blocks[video_id] = VideoBlock(spec, player, "" if player else spec.file, spec.captions)
    return blocks


def frame_origins(blocks: dict[str, VideoBlock]) -> tuple[str, ...]:
    return tuple(sorted({block.player.origin for block in blocks.values() if block.player}))
