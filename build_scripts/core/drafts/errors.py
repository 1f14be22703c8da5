"""The one error type of the drafts tooling, and how a command line shows it."""

from __future__ import annotations

import os
import sys
import traceback
from typing import Callable

from build_scripts.core.messages import UserError


class DraftError(UserError):
    """An error whose message (Vietnamese) is meant for the committee.

    A ``UserError`` of the project, so the build shows it without a traceback.
    """


def run_cli(main: Callable[[], int]) -> None:
    """Run ``main``; show a DraftError as its message only (traceback if VERBOSE=1)."""
    try:
        code = main()
    except DraftError as exc:
        if os.environ.get("VERBOSE") == "1":
            traceback.print_exc()
        print(f"LỖI: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        sys.exit(130)
    sys.exit(code or 0)
