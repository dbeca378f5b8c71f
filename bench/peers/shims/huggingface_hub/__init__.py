"""Stand-in for huggingface_hub (not in Debian bookworm), for running datatrove's heuristic filters
from source. datatrove.io imports HfFileSystem (isinstance checks on hub paths, never true for local
files) and cached_assets_path (the folder of downloaded assets: the C4 bad-words lists). Other
names (the hub writers' imports) are placeholders that raise when used."""
import os
from pathlib import Path

__version__ = "0.0.0-shim"


class HfFileSystem:  # never instantiated for local paths
    def __init__(self, *a, **k):
        raise RuntimeError("huggingface_hub shim: HfFileSystem is not available (no hub access here)")


def cached_assets_path(library_name: str, namespace: str = "default", subfolder: str = "default", *, assets_dir=None) -> Path:
    # same layout as huggingface_hub: <assets>/<library>/<namespace>/<subfolder>
    base = Path(assets_dir or os.environ.get("HF_ASSETS_CACHE") or Path.home() / ".cache" / "huggingface" / "assets")
    path = base / library_name / namespace / subfolder
    path.mkdir(parents=True, exist_ok=True)
    return path


def _missing(name):
    # datatrove's hub writers import these names at package import time; any use fails loudly
    class Missing(Exception):
        def __init__(self, *a, **k):
            raise RuntimeError(f"huggingface_hub shim: {name} is not available (no hub access here)")

    Missing.__name__ = name
    return Missing


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _missing(name)
