"""The check registry: packages load on demand, every check of a kind is there."""

from __future__ import annotations


def test_video_checks_load_without_the_audit_rules() -> None:
    """A video check loads only the video checks' package (the audit's rules import the
    plan model); the registry then holds every video check there is."""
    import subprocess
    import sys

    code = (
        "import sys; from reelwise.domain.registry import load_all, CheckKind; "
        "n = len(load_all(('reelwise.media.checks',)).of_kind(CheckKind.VIDEO)); "
        "print(n, 'reelwise.domain.plan' in sys.modules, 'reelwise.strategy' in sys.modules)"
    )

    def run(source: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True).stdout.split()

    narrow, full = run(code), run(code.replace("('reelwise.media.checks',)", ""))
    assert narrow[1:] == ["False", "False"] and full[1:] == ["True", "True"]
    assert int(narrow[0]) == int(full[0]) >= 20
