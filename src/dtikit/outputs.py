"""Writing output files without ever destroying data.

Two rules, one home:

* :func:`check_outputs` — before anything is written: an output that is an
  input of the same run is refused (even with ``force``); an output that
  already exists is refused unless ``force``; two outputs to the same file
  are refused.
* :func:`atomic_path` / :func:`write_atomic` — every output is written to a
  temporary file in the same folder (``.results.xlsx.<random>.tmp.xlsx``)
  and renamed over the target only once it is complete. A kill, a full disk
  or a file-size limit leaves the old file or the new one, never a partial
  one; the temporary file is removed after an error; messages name the real
  path, never the temporary one. The temporary name holds the writer's process
  id: one left by a killed process (``kill -9`` runs no clean-up) is removed
  by the next write of the same file.

A writer that takes a path (openpyxl's ``Workbook.save``, a plugin format's
``write_results``) is given the temporary path::

    with atomic_path("results.xlsx") as temp:
        workbook.save(temp)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputRefused, Problem
from .messages import Text

__all__ = ["atomic_path", "check_outputs", "temp_name", "write_atomic"]

TEMP_MARK = ".tmp"


def temp_name(target: Path) -> Path:
    """The temporary file for ``target``: hidden, in the same folder, with the same
    suffix at the end (a writer that looks at the suffix sees the right one), and
    the writing process's id (see :func:`_sweep_stale`)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:12]}"
                            f"{TEMP_MARK}{target.suffix}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or a platform without signals
        return True
    return True


def _sweep_stale(target: Path) -> None:
    """Remove the temporary files of ``target`` left by processes that no longer
    run (killed before they could clean up). A running writer's file is kept."""
    prefix, end = f".{target.name}.", f"{TEMP_MARK}{target.suffix}"
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return
    for p in siblings:
        name = p.name
        if not (name.startswith(prefix) and name.endswith(end)):
            continue
        pid = name[len(prefix):-len(end)].partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                p.unlink()
            except OSError:
                pass


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot: the rename is still atomic
        pass
    finally:
        os.close(fd)


def _real_path_errors(exc: OSError, temp: Path, target: Path) -> OSError:
    """The same error, naming the output instead of its temporary file."""
    if exc.filename is not None and str(exc.filename) == str(temp):
        exc.filename = str(target)
    if exc.filename2 is not None and str(exc.filename2) == str(temp):
        exc.filename2 = str(target)
    return exc


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path next to ``path``; renamed to ``path`` when the block ends
    without an error, removed in every case otherwise.

    The block must create the file at the path it is given. Errors raised with
    the temporary file's name (:class:`OSError`) are raised naming ``path``."""
    target = Path(path)
    _sweep_stale(target)
    temp = temp_name(target)
    try:
        try:
            yield temp
        except OSError as exc:
            raise _real_path_errors(exc, temp, target) from None
        if not temp.exists():
            raise OSError(2, "the writer created no file", str(target))
        _fsync(temp)
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise _real_path_errors(exc, temp, target) from None
    finally:
        try:
            temp.unlink(missing_ok=True)
        except OSError:  # pragma: no cover - a folder that became unwritable
            pass


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *,
                 encoding: str = "utf-8") -> None:
    """Write ``data`` to ``path`` atomically (text is encoded as ``encoding``)."""
    raw = data.encode(encoding) if isinstance(data, str) else data
    with atomic_path(path) as temp, open(temp, "xb") as out:
        out.write(raw)


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def check_outputs(outputs: Iterable[tuple[str, str | os.PathLike[str] | None]],
                  inputs: Iterable[str | os.PathLike[str]] = (), *, force: bool = False) -> None:
    """Refuse, before anything is written, an output that would destroy data.

    ``outputs`` are ``(what, path)`` pairs (``("-o", "results.xlsx")``; a
    ``None`` or ``"-"`` path is skipped). Raises :class:`~dtikit.errors.OutputRefused`
    with every problem: an output that is one of ``inputs`` (never allowed), an
    existing output without ``force``, two outputs to the same file."""
    problems: list[Problem] = []
    reasons: list[tuple[str, dict[str, str]]] = []

    def refuse(code: str, out: Path, what: str, twin: str = "") -> None:
        problems.append(Problem(str(out), Text(f"refused.{code}", what=what, twin=twin)))
        reasons.append((code, {"path": str(out), "what": what, "twin": twin}))

    ins = [Path(p) for p in inputs]
    seen: list[tuple[str, Path]] = []
    for what, raw in outputs:
        if raw is None or str(raw) == "-":
            continue
        out = Path(raw)
        if any(_same(out, i) for i in ins):
            refuse("input", out, what)
            continue
        twin = next((w for w, p in seen if _same(out, p)), None)
        if twin is not None:
            refuse("twice", out, what, twin)
            continue
        seen.append((what, out))
        if out.is_dir():
            refuse("folder", out, what)
        elif out.exists() and not force:
            refuse("exists", out, what)
    if problems:
        raise OutputRefused(problems, reasons=reasons)
