"""The command line: parses arguments, calls build (or the server), reports, sets the exit status.

Exit status: 0 success, 1 content errors, 2 bad usage or an unsafe output
folder, 3 an internal error (the only case with a traceback), 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

import sitegen
from sitegen.errors import ContentError, Diagnostics, Severity, UsageError, UserError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on bad usage too; keep its message short
        self.print_usage(sys.stderr)
        print(f"sitegen: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=Path("."), help="the folder holding content/ (default: here)")
    parser = _Parser(prog="sitegen", description="Build annotated explainer sites.")
    parser.add_argument("--version", action="version", version=f"sitegen {sitegen.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("build", parents=[common], help="build the site")
    p.add_argument("--out", type=Path, help="output folder (default: <root>/site)")
    p.add_argument("--base-url", help="public URL of the site root (overrides site.yml)")
    p.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--no-search", dest="search", action="store_false", help="skip the search index (Pagefind)")

    p = sub.add_parser("check", parents=[common], help="validate everything; writes nothing but the build cache")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "github"), default="text")
    p.add_argument("--links", action="store_true", help="build into a temporary folder and check every link")
    p.add_argument("--external", action="store_true", help="with --links: also check external URLs")
    p.add_argument("--drafts", action="store_true")
    p.add_argument("--base-url")

    p = sub.add_parser("serve", parents=[common], help="build, serve and rebuild on change")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--open", action="store_true", help="open the site in a browser")
    p.add_argument("--drafts", action="store_true")
    p.add_argument("--base-url")

    p = sub.add_parser("init", parents=[common], help="start a new site")
    p.add_argument("dir", nargs="?", type=Path, default=None)

    p = sub.add_parser("new", parents=[common], help="scaffold an article and its sidecar")
    p.add_argument("slug")

    sub.add_parser("terms", parents=[common], help="where each term is mentioned, annotated or skipped")

    p = sub.add_parser("schema", parents=[common], help="print or write a JSON Schema")
    p.add_argument("name", choices=("site", "article", "annotations"))
    p.add_argument("--write", type=Path, metavar="DIR", help="write <name>.schema.json into DIR")
    return parser


def report(diagnostics: Diagnostics, fmt: str = "text", show_info: bool = True) -> None:
    """Every problem, sorted by file and line: text to stderr, or GitHub annotations to stdout (where Actions reads them)."""
    stream = sys.stdout if fmt == "github" else sys.stderr
    for d in diagnostics.sorted():
        if d.severity is Severity.INFO and not show_info:
            continue
        print(d.format_github() if fmt == "github" else d.format_text(), file=stream)
    stream.flush()


def summary(diagnostics: Diagnostics, strict: bool = False) -> str:
    errors = diagnostics.count(Severity.ERROR)
    warnings = diagnostics.count(Severity.WARNING)
    infos = diagnostics.count(Severity.INFO)
    text = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if infos:
        text += f", {infos} info"
    if strict and warnings:
        text += " (--strict: warnings count as errors)"
    return text


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ContentError as exc:
        report(exc.diagnostics, getattr(args, "format", "text"), show_info=False)
        print(f"sitegen: {args.command} failed: {summary(exc.diagnostics, getattr(args, 'strict', False))}", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"sitegen: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sitegen: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        import traceback  # (only here: ~2.5 ms of every command's start)

        traceback.print_exc()
        print("sitegen: internal error (a bug in sitegen; please report it with the traceback above)", file=sys.stderr)
        return 3


def run() -> NoReturn:
    """The `sitegen` command (and `python -m sitegen`): `main`, then `exit_now` with its status."""
    exit_now(main())


def exit_now(status: int) -> NoReturn:
    """End the process with `status` once its output is flushed, without the interpreter's teardown.

    By then every file is written and closed, the cache committed, every child process reaped; what is
    left is freeing the heap object by object (~10 ms after a build of 1,000 articles), which the
    system does at once. (`main` itself returns: tests call it in their own process.)"""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # (None when started with that descriptor closed)
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (`sitegen build | head`), a closed stream
            pass
    os._exit(status)


def _root(args) -> Path:
    root = args.root.resolve()
    if args.command not in ("init",) and not root.is_dir():
        raise UsageError(f"--root {args.root}: no such folder")
    return root


def _run(args) -> int:
    command = args.command
    root = _root(args)
    if command == "build":
        from sitegen.build import build

        out = (args.out if args.out is not None else root / "site").resolve()
        result = build(root, out, drafts=args.drafts, base_url=args.base_url, strict=args.strict, search=args.search, progress=True)
        report(result.diagnostics, show_info=False)
        print(f"sitegen: built {result.pages} files into {_shown(out)} ({result.written} written) in {result.seconds:.2f} s ({summary(result.diagnostics)})", file=sys.stderr)
        return 0
    if command == "check":
        from sitegen.check import check

        diagnostics = check(root, links=args.links, external=args.external, drafts=args.drafts, base_url=args.base_url, progress=True)
        report(diagnostics, args.format)
        failed = diagnostics.has_errors(args.strict)
        print(f"sitegen: check {'failed' if failed else 'passed'}: {summary(diagnostics, args.strict)}", file=sys.stderr)
        return 1 if failed else 0
    if command == "schema":
        from sitegen.schema import schema_text

        text = schema_text(args.name)
        if args.write:
            args.write.mkdir(parents=True, exist_ok=True)
            target = args.write / f"{args.name}.schema.json"
            target.write_text(text, encoding="utf-8")
            print(f"sitegen: wrote {_shown(target)}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if command == "terms":
        from sitegen.terms_report import terms_report

        return terms_report(root)
    if command in ("init", "new"):
        from sitegen import scaffold

        if command == "init":
            return scaffold.init((args.dir or args.root).resolve())
        return scaffold.new(root, args.slug)
    if command == "serve":
        from sitegen.server import serve

        return serve(root, host=args.host, port=args.port, open_browser=args.open, drafts=args.drafts, base_url=args.base_url)
    raise UsageError(f"unknown command {command}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
