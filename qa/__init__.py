"""MISS-QA: extractive, cited question answering over a clinic's spine-surgery documents.

>>> from qa import Assistant, Settings                         # doctest: +SKIP
>>> Assistant.from_settings(Settings.load()).ask("Will I need check-ups?").to_record()  # doctest: +SKIP
"""
from .settings import Settings

__version__ = "0.1.0"


def __getattr__(name):  # keep `import qa` light: heavy modules load on first use
    if name == "Assistant":
        from .assistant import Assistant

        return Assistant
    raise AttributeError(name)


__all__ = ["Assistant", "Settings", "__version__"]
