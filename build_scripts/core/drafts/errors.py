"""The error type of the drafts tooling (release, register, redline, site)."""

from __future__ import annotations

from build_scripts.core.messages import UserError


class DraftError(UserError):
    """An error whose message (Vietnamese) is meant for the committee.

    A ``UserError`` of the project, so every command shows it without a traceback.
    """
