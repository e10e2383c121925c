"""The build cache: `<root>/.sitegen-cache/`, content-addressed, always safe to delete.

One SQLite file of key -> bytes. Keys name what a value was computed from
(a hash of the inputs), so a value never goes stale: it is only ever
unused. Everything is stamped with the identity of sitegen's own code and
of the libraries that shape the output (by content, so a cache restored on
another machine stays valid); a different identity empties the cache. A
cache that cannot be read is thrown away and rebuilt, never trusted, and
never fails a build.

`SITEGEN_NO_CACHE=1` turns it off (every build is then a clean build).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import sqlite3
import sys
import threading
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import sitegen

CACHE_DIR = ".sitegen-cache"
FILE = "build.sqlite"
SCHEMA = 1
"""Bump when the layout of cached values changes."""
BUSY_SECONDS = 10.0
"""How long a build waits for another one (on the same site) to release the cache before going on without it."""
_LIBRARIES = {"markdown_it": "markdown-it-py", "mdit_py_plugins": "mdit-py-plugins", "mdurl": "mdurl", "jinja2": "Jinja2",
              "markupsafe": "MarkupSafe", "yaml": "PyYAML", "fastjsonschema": "fastjsonschema", "jsonschema": "jsonschema"}
"""The libraries that shape the output (module: the distribution it is installed as)."""


def digest(*parts: bytes | str) -> str:
    """A short, stable hash of some inputs (hex)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def object_digest(value: Any) -> str:
    """The hash of a picklable value (dataclasses, lists, dicts, dates...).

    Pickled without its memo, so equal values give equal bytes whether or
    not they share objects (values here have no cycles).
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return digest(buffer.getvalue())


def file_digest(data: bytes) -> str:
    """The content hash of an input file or a generated page, for keys and identities only.

    BLAKE2b, which hashlib computes in half the instructions of SHA-256 (every article is
    hashed on a clean build); the theme's asset names, which readers see, keep SHA-256
    (`theme.hashed_name`)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


_code_fingerprint: str | None = None
_code_identity: str | None = None


def _code_files(package: Path) -> list[Path]:
    """The package's .py and .json files, in path order (os.walk: `Path.rglob` took 0.7 ms, twice a clean build)."""
    found = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = [name for name in dirs if name != "__pycache__"]
        found += [os.path.join(folder, name) for name in files if name.endswith((".py", ".json")) and name.rfind(".") > 0]  # (".py" has no suffix)
    return sorted(map(Path, found))


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed_version(module: str, distribution: str, listings: dict[str, dict[str, list[str]]] | None = None) -> str:
    """A library's installed version, from the name of its `<name>-<version>.dist-info` (or
    `.egg-info`) folder beside it (what importlib.metadata reads, without its 30 ms import),
    and the hashes of its files that the dist-info's RECORD lists. Where there is none (a
    library on PYTHONPATH), the stat of its module, as `code_fingerprint`. `listings` keeps each
    folder's metadata folders by normalized name, for the next library (most share one folder)."""
    spec = find_spec(module)
    origin = spec.origin if spec else None
    if not origin or not os.path.exists(origin):
        return f"{distribution} -"
    folder = os.path.dirname(os.path.dirname(origin) if os.path.basename(origin) == "__init__.py" else origin)
    listing = listings.get(folder) if listings is not None else None
    if listing is None:
        listing = _metadata_folders(folder)
        if listings is not None:
            listings[folder] = listing
    found = sorted(listing.get(_normal(distribution), ()))
    if found:
        # A dist-info's RECORD lists a hash of every file: the same version built from other code
        # (a git commit, a local patch) is another library.
        records = []
        for name in found:
            try:
                records.append(digest((Path(folder) / name / "RECORD").read_bytes()))
            except OSError:
                records.append("-")
        return " ".join(found + records)
    return f"{distribution} {_stat_line(origin)}"


def _metadata_folders(folder: str) -> dict[str, list[str]]:
    """A folder's `<name>-<version>.dist-info` (or `.egg-info`) entries, by their normalized name."""
    by_name: dict[str, list[str]] = {}
    try:
        entries = os.listdir(folder)
    except OSError:
        return by_name
    for entry in entries:
        if entry.endswith((".dist-info", ".egg-info")):
            by_name.setdefault(_normal(entry.split("-", 1)[0]), []).append(entry)
    return by_name


def _stat_line(path: str | Path) -> str:
    st = os.stat(path)
    return f"{path} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino}"


def code_fingerprint() -> str:
    """Where sitegen's source and its libraries are, and as of when: a quick look for a change of code.

    Stat-based, so it costs a few stat calls and no import: any edit of
    sitegen or an upgrade of a library changes it (the inode and ctime too,
    which a copy that keeps the mtime changes all the same). So does
    installing the same code again (a CI runner does, every run): what the
    cache is stamped with is `code_identity`, which this only vouches for.
    """
    global _code_fingerprint
    if _code_fingerprint is None:
        _code_fingerprint = _stat_fingerprint()
    return _code_fingerprint


def _stat_fingerprint() -> str:
    parts = [f"schema {SCHEMA}", sitegen.__version__, sys.version]
    parts += [_stat_line(path) for path in _code_files(Path(sitegen.__file__).parent)]
    for name in _LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec else None
        if origin and os.path.exists(origin):
            parts.append(f"{name} {_stat_line(origin)}")
    return digest(*parts)


def code_identity(package: Path | None = None) -> str:
    """What the output depends on besides the content, by content: sitegen's source and its libraries' versions.

    The same wherever and whenever that code was installed, so a cache
    carried to another machine (the Pages workflow restores it on every run)
    stays valid. Reading the source takes a few milliseconds, so a cache
    keeps the `code_fingerprint` it last checked this against, and the check
    is only made again when that changes.
    """
    global _code_identity
    if package is not None:  # (another copy of the package: not this process's code)
        return _identity_of(package)
    if _code_identity is None:
        _code_identity = _identity_of(Path(sitegen.__file__).parent)
    return _code_identity


def _identity_of(package: Path) -> str:
    parts = [f"schema {SCHEMA}", sitegen.__version__, sys.version]
    for path in _code_files(package):
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    listings: dict[str, dict[str, list[str]]] = {}
    parts += [_installed_version(module, distribution, listings) for module, distribution in _LIBRARIES.items()]
    return digest(*parts)


class Cache:
    """Key -> bytes, in `<root>/.sitegen-cache/build.sqlite`; writes are committed by `commit()`."""

    def __init__(self, root: Path, readonly: bool = False):
        self.dir = root / CACHE_DIR
        self.path = self.dir / FILE
        self.readonly = readonly
        """A worker process only reads; the parent writes what the workers computed."""
        self._db: sqlite3.Connection | None = None
        self._failed = False
        self.emptied = False
        """Whether opening it emptied it (new, or made by other code): what it kept beside the
        database for the old entries (the output's spare) is of no use to any build now."""
        self.identity: str | None = None
        """The code the cache holds values of (this process's, once it is open)."""
        self._absorber: threading.Thread | None = None
        """The thread of `absorb_apart`, until it is waited for (`wait_absorbed`)."""
        self._switch_interval = 0.005
        """The interpreter's switch interval before `absorb_apart` lowered it (`_ABSORB_SWITCH`), until then."""
        self._overlay: tuple[Path, frozenset[str]] | None = None
        """A side file not taken in yet, and its keys, which `get` reads there (see `overlay`)."""
        self._overlaid: sqlite3.Connection | None = None
        """The connection the overlay is attached to."""

    @property
    def enabled(self) -> bool:
        return not self._failed and self._open() is not None

    def _open(self) -> sqlite3.Connection | None:
        if self._db is not None or self._failed:
            return self._db
        if self.readonly:
            try:
                self._db = sqlite3.connect(_read_only_uri(self.path), uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            except sqlite3.Error:
                self._failed = True
            return self._db
        try:
            self.dir.mkdir(exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# sitegen's build cache: safe to delete, never commit it\n*\n", encoding="utf-8")
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last writes in a crash is fine
            db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self._drop_orphaned_sides()
            self._check_code(db)
            self._db = db
        except (sqlite3.Error, OSError) as exc:
            self._broken(exc)
        return self._db

    def _check_code(self, db: sqlite3.Connection) -> None:
        """Empty the cache unless the code that filled it is this one (`code_identity`).

        The row 'code-seen' holds the last `code_fingerprint` found to be that
        code: while it is the same, the source is not read again."""
        global _code_identity
        seen = code_fingerprint()  # (before the source is read: an edit meanwhile then shows next time)
        stored, vouched = self._stamp(db)
        if stored is not None and vouched == f"{seen} {stored}":
            _code_identity = self.identity = stored
            return
        identity = self.identity = code_identity()
        unchanged = _stat_fingerprint() == seen
        db.execute("BEGIN IMMEDIATE")  # another process may be stamping it too: one at a time
        try:
            stored, _ = self._stamp(db)
            if stored != identity:
                self.emptied = True
                db.execute("DELETE FROM kv")
                if stored is not None:  # values another code computed, left to be taken in: never
                    for path in self.dir.glob("side-*.sqlite*"):
                        path.unlink(missing_ok=True)
                db.execute("INSERT INTO kv VALUES ('fingerprint', ?)", (identity.encode(),))
            if unchanged:
                db.execute("INSERT OR REPLACE INTO kv VALUES ('code-seen', ?)", (f"{seen} {identity}".encode(),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    @staticmethod
    def _stamp(db: sqlite3.Connection) -> tuple[str | None, str | None]:
        """The rows 'fingerprint' and 'code-seen' (None where missing), as text whatever wrote them."""
        rows = {key: value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
                for key, value in db.execute("SELECT key, value FROM kv WHERE key IN ('fingerprint', 'code-seen')")}
        return rows.get("fingerprint"), rows.get("code-seen")

    def _drop_orphaned_sides(self) -> None:
        """Side files whose build is gone (killed before it took them in): never read, so deleted.

        A side file is named after the build's process and the worker's (`side-<build>-<worker>`);
        another build running on this site keeps its own."""
        for path in self.dir.glob("side-*.sqlite*"):
            build_pid = path.name.removeprefix("side-").split("-", 1)[0]
            if not build_pid.isdigit():
                continue
            try:
                os.kill(int(build_pid), 0)
            except ProcessLookupError:
                path.unlink(missing_ok=True)
            except OSError:
                pass  # it exists (another user's process): leave it

    def _broken(self, exc: Exception | None = None) -> None:
        """An unreadable cache is deleted and the build goes on without one.

        A cache another build holds (a dev server and a `sitegen build` on the
        same site) is not broken: this build goes on without it and leaves it be.
        """
        self._failed = True
        if self.readonly:
            return
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            return
        for suffix in ("", "-wal", "-shm"):
            try:
                os.unlink(str(self.path) + suffix)
            except OSError:
                pass

    def get(self, key: str) -> bytes | None:
        db = self._open()
        if db is None:
            return None
        if self._overlay is not None and key in self._overlay[1]:
            found = self._from_overlay(db, key)
            if found is not None:
                return found
        try:
            row = db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._broken(exc)
            return None
        return row[0] if row and isinstance(row[0], bytes) else None  # (a value not written by sitegen: missing)

    def overlay(self, name: str, keys: frozenset[str]) -> None:
        """Read `keys` from the side file `side(name)`, not yet taken in (a read-only cache: a worker's).

        The early-parse helper's side file, which the workers read where it is: taken in before they
        were forked, its copy held up the build (~20 ms at 1,000 articles, on one core); it is taken in
        with theirs after the articles. Only the keys it holds are looked up there (a key it lacks
        costs no second look-up), and any failure to read it is a miss."""
        if self.readonly and keys:  # (attached by URI, read-only: as the read-only connection is opened)
            self._overlay = (self.dir / f"side-{name}.sqlite", frozenset(keys))
            self._overlaid = None

    def _from_overlay(self, db: sqlite3.Connection, key: str) -> bytes | None:
        assert self._overlay is not None
        try:
            if self._overlaid is not db:
                db.execute("ATTACH DATABASE ? AS overlay", (_read_only_uri(self._overlay[0]),))
                self._overlaid = db
            row = db.execute("SELECT value FROM overlay.kv WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            self._overlay = None
            return None
        return row[0] if row and isinstance(row[0], bytes) else None

    def side_keys(self, name: str) -> frozenset[str]:
        """The keys of the side file `side(name)` (none if it cannot be read)."""
        path = self.dir / f"side-{name}.sqlite"
        if self._failed or not path.exists():
            return frozenset()
        try:
            db = sqlite3.connect(_read_only_uri(path), uri=True)
            try:
                return frozenset(row[0] for row in db.execute("SELECT key FROM kv"))
            finally:
                db.close()
        except sqlite3.Error:
            return frozenset()

    def _begin(self, db: sqlite3.Connection) -> bool:
        """Start this build's one write transaction (a few fsyncs, not thousands); False when the
        cache now holds another code's values (emptied by a newer sitegen since this process opened
        it): this process then goes on without it, rather than mix its values in.

        Waits for `absorb_apart`'s thread first: it takes the write lock file by file, and a
        transaction begun here meanwhile would hold it until this build commits, which is after it
        waits for the thread (the thread would give up after BUSY_SECONDS, its values lost)."""
        self.wait_absorbed()
        db.execute("BEGIN IMMEDIATE")
        if self._stamp(db)[0] == self.identity:
            return True
        db.execute("ROLLBACK")
        db.close()
        self._db, self._failed = None, True
        return False

    def put(self, key: str, value: bytes) -> None:
        db = self._open()
        if db is None or self.readonly:
            return
        try:
            if db.in_transaction or self._begin(db):
                db.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            self._broken(exc)

    def get_object(self, key: str) -> Any:
        data = self.get(key)
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # written by another version of a class: recompute
            return None

    def put_object(self, key: str, value: Any) -> None:
        self.put(key, pickle.dumps(value, protocol=5))

    def items(self, prefix: str) -> list[tuple[str, bytes]]:
        """Every (key, value) whose key starts with `prefix`."""
        db = self._open()
        if db is None:
            return []
        try:
            rows = db.execute("SELECT key, value FROM kv WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff"))
            return [(k, v) for k, v in rows if isinstance(v, bytes)]  # (a value not written by sitegen: missing)
        except sqlite3.Error as exc:
            self._broken(exc)
            return []

    def keys(self, prefix: str) -> list[str]:
        db = self._open()
        if db is None:
            return []
        try:
            return [row[0] for row in db.execute("SELECT key FROM kv WHERE key >= ? AND key < ?", (prefix, prefix + "\uffff"))]
        except sqlite3.Error as exc:
            self._broken(exc)
            return []

    def delete(self, keys: list[str]) -> None:
        db = self._open()
        if db is None or not keys or self.readonly:
            return
        try:
            if db.in_transaction or self._begin(db):
                db.executemany("DELETE FROM kv WHERE key = ?", [(k,) for k in keys])
        except sqlite3.Error as exc:
            self._broken(exc)

    def commit(self) -> None:
        """Make this build's writes durable and visible to other processes."""
        if self._db is None or not self._db.in_transaction:
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._broken(exc)

    def side(self, name: str) -> "SideCache | None":
        """A file of its own for a worker process to write new values into (see `absorb`)."""
        if self._failed and not self.readonly:
            return None
        return SideCache(self.dir / f"side-{name}.sqlite")

    def absorb(self, prefix: str) -> None:
        """Take in the values workers wrote to their side files (SQLite copies them; nothing passes through Python)."""
        self._open()
        for path in sorted(self.dir.glob(f"side-{prefix}*.sqlite")):
            db = self._db
            try:
                if db is not None and (db.in_transaction or self._begin(db)):
                    _copy_side(db, path)
            except sqlite3.Error:
                pass  # a value lost is only a value computed again
            _delete_side(path)

    def absorb_apart(self, prefix: str) -> None:
        """`absorb(prefix)`, in a thread with a connection of its own (`wait_absorbed` waits for it to end).

        SQLite copies the rows without holding the GIL, so this process goes on with its own work
        meanwhile (the site-wide pages, on a core the workers have left idle) instead of waiting some
        25 ms at 1,000 articles (~0.25 s at 5,000). This build's writes so far are committed first: the
        thread needs the write lock (a write of this process meanwhile waits for it, as another's would).
        Until it is waited for, the interpreter switches threads more often (`_ABSORB_SWITCH`)."""
        if self._open() is None or self._failed:
            self.absorb(prefix)  # (no cache to take them in: it deletes them)
            return
        self.commit()
        paths = sorted(self.dir.glob(f"side-{prefix}*.sqlite"))
        thread = threading.Thread(target=self._absorb_with_own_connection, args=(paths,), name="sitegen-absorb", daemon=True)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(_ABSORB_SWITCH)
        thread.start()
        self._absorber = thread

    def wait_absorbed(self) -> None:
        """Wait for `absorb_apart`'s thread to end, if one runs (still known if the wait is interrupted)."""
        thread = self._absorber
        if thread is not None:
            thread.join()
            self._absorber = None
            sys.setswitchinterval(self._switch_interval)

    def _absorb_with_own_connection(self, paths: list[Path]) -> None:
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
            db.execute("PRAGMA synchronous=OFF")
            # A small page cache: the thread copies while the parent renders, at the build's peak of
            # memory, where SQLite's default 2 MB for each of the two files raised it by 5 MB at 5,000 articles.
            db.execute(f"PRAGMA cache_size={_COPY_CACHE_KB}")
            for path in paths:
                db.execute("BEGIN IMMEDIATE")
                if self._stamp(db)[0] != self.identity:  # emptied by another code meanwhile: keep none of it
                    db.execute("ROLLBACK")
                    break
                _copy_side(db, path)
        except sqlite3.Error:
            pass  # a value lost is only a value computed again
        finally:
            if db is not None:
                db.close()
            for path in paths:
                _delete_side(path)

    def discard(self, name: str) -> None:
        """Delete the side file `side(name)` wrote, unread (its process was stopped before it finished)."""
        _delete_side(self.dir / f"side-{name}.sqlite")

    def close(self) -> None:
        self.wait_absorbed()
        if self._db is not None:
            try:
                if self._db.in_transaction:
                    self._db.execute("COMMIT")
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None


def _read_only_uri(path: Path) -> str:
    """A read-only SQLite URI for `path`, percent-encoded (a folder named with `#`, `?` or `%` is a path, not a URI's parts)."""
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro"


_ABSORB_SWITCH = 0.0002
"""The interpreter's switch interval while `absorb_apart`'s thread runs, in seconds (5 ms by default).

The thread needs the GIL only between its statements (SQLite copies without it), about twenty times,
and each time waited up to the whole interval for this process's rendering to let go: it ended ~25 ms
after the site-wide pages at 1,000 articles, and the glossary pages' fork waited for it."""

_COPY_CACHE_KB = -256
"""The page cache, in kB (SQLite's negative form), of the copies of side files into the cache."""


def _copy_side(db: sqlite3.Connection, path: Path) -> None:
    """Copy a side file's rows into `db` within its open transaction, and commit."""
    db.execute("ATTACH DATABASE ? AS side", (str(path),))
    try:
        db.execute(f"PRAGMA side.cache_size={_COPY_CACHE_KB}")  # (read once, front to back)
        db.execute("INSERT OR REPLACE INTO kv SELECT key, value FROM side.kv")
    finally:
        db.execute("COMMIT")
        db.execute("DETACH DATABASE side")


def _delete_side(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(str(path) + suffix)
        except OSError:
            pass


class SideCache:
    """What one worker process computed, in a SQLite file of its own: no lock shared with anyone."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None

    def put(self, key: str, value: bytes) -> None:
        try:
            if self._db is None:
                self._db = sqlite3.connect(self.path, isolation_level=None)
                self._db.execute("PRAGMA journal_mode=OFF")
                self._db.execute("PRAGMA synchronous=OFF")
                self._db.execute("CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            if not self._db.in_transaction:
                self._db.execute("BEGIN")
            self._db.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))
        except sqlite3.Error:
            pass

    def commit(self) -> None:
        if self._db is not None and self._db.in_transaction:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error:
                pass


class NoCache(Cache):
    """The cache turned off: nothing is read or kept."""

    def __init__(self, root: Path | None = None):
        self._db = None
        self._failed = True
        self.readonly = False
        self._absorber = None

    def _open(self):
        return None

    def side(self, name: str) -> None:
        return None

    def absorb(self, prefix: str) -> None:
        pass

    def discard(self, name: str) -> None:
        pass


def open_cache(root: Path, readonly: bool = False) -> Cache:
    if os.environ.get("SITEGEN_NO_CACHE", "") not in ("", "0"):
        return NoCache()
    return Cache(root, readonly)
