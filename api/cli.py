"""`linkwise`: serve the API, or ask the solver from a shell.

    linkwise serve [--host H] [--port P] [--merchandiser-token T]
    linkwise options|recommend|explain|count|check --style S [--pick slot=SKU[,SKU]]... [--budget 120]
    linkwise addons (--piece SKU,SKU | --order REF) [--budget 40]
    linkwise catalog import FILE | catalog export [FILE] | catalog lint
    linkwise schema [--check]

Readable tables by default, `--json` for machines; progress goes to stderr. The catalog comes from
the store (LINKWISE_DATABASE_URL or --database-url), seeded with the demo catalog when empty.
Exit status: 0 answered, 1 refused (the message names the field), 2 bad command line.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from api import cli_render as render
from api.cli_format import print_json, progress
from catalog.exceptions import FieldError, LinkwiseError, ValidationFailed
from catalog.model import Catalog, field_errors
from catalog.settings import Settings, get_settings
from catalog.store import Store
from catalog.types import SlotKind

T = TypeVar("T")


# --- arguments ----------------------------------------------------------------------------------


def budget_cents(text: str) -> int:
    """`120`, `120.50`, `120,50`, `1,250.00`, `€120` are euros (major units); `12000c` or
    `12000cents` are cents. A comma is a decimal comma before one or two digits and a thousands
    separator before a point; `1,250` alone could be either, so it is refused, never guessed."""
    raw = text.strip().replace("€", "").replace("EUR", "").strip()
    if "," in raw:
        whole, _, tail = raw.rpartition(",")
        if "." in raw:
            groups = raw.partition(".")[0].split(",")
            if not all(len(g) == 3 and g.isdigit() for g in groups[1:]):
                raise argparse.ArgumentTypeError(f"{text!r}: misplaced thousands separator")
            raw = raw.replace(",", "")
        elif len(tail) in (1, 2) and tail.isdigit() and "," not in whole:
            raw = f"{whole}.{tail}"  # a decimal comma: 20,50 is 20.50
        else:
            raise argparse.ArgumentTypeError(
                f"{text!r} is ambiguous: write {raw.replace(',', '')} or {raw.replace(',', '.')} with a point")
    try:
        if raw.endswith(("cents", "c")):
            cents = int(raw.removesuffix("cents").removesuffix("c").strip())
        else:
            amount = Decimal(raw)
            if amount != amount.quantize(Decimal("0.01")):
                raise argparse.ArgumentTypeError(f"{text!r}: at most two decimals")
            cents = int(amount * 100)
    except (ValueError, InvalidOperation):
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount (120, 120.50 or 12000c)") from None
    if cents < 0:
        raise argparse.ArgumentTypeError("a budget cannot be negative")
    return cents


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def pick(text: str) -> tuple[str, list[str]]:
    slot, sep, values = text.partition("=")
    if not sep or not slot.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: write slot=SKU or slot=SKU,SKU")
    return slot.strip(), [v.strip() for v in values.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", help="SQLAlchemy URL of the store (default LINKWISE_DATABASE_URL)")
    common.add_argument("--json", action="store_true", help="print JSON for machines instead of tables")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    request = argparse.ArgumentParser(add_help=False)
    request.add_argument("--style", required=True, help="style handle, e.g. name-necklace")
    request.add_argument(
        "--pick",
        type=pick,
        action="append",
        default=[],
        metavar="SLOT=SKU[,SKU]",
        help="fix a slot (repeatable); for an option slot give its value code",
    )
    request.add_argument("--budget", type=budget_cents, help="budget in EUR (120, 120.50, 120,50) or cents (12000c)")
    request.add_argument("--quantity", type=int, default=1, help="pieces to make (default 1)")
    request.add_argument("--deadline", type=int, metavar="DAYS", help="ready within this many days")
    request.add_argument("--nickel-free", action="store_true", help="no nickel parts or nickel underlayers")
    request.add_argument("--text", help="nameplate text")
    request.add_argument(
        "--time-limit", type=float, metavar="S", help="solver seconds (default from settings)"
    )

    parser = argparse.ArgumentParser(
        prog="linkwise",
        description="Exact configuration engine for modular jewelry.",
        epilog="Environment: LINKWISE_DATABASE_URL, LINKWISE_MERCHANDISER_TOKEN, "
        "LINKWISE_SOLVER_TIME_LIMIT_S, LINKWISE_MAX_PAGE_SIZE, LINKWISE_HOST, LINKWISE_PORT, LINKWISE_ENV.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", parents=[common], help="run the GraphQL API (uvicorn)")
    serve.add_argument("--host", help="interface (default LINKWISE_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default LINKWISE_PORT or 8000)")
    serve.add_argument(
        "--merchandiser-token", help="bearer token for mutations (default from the environment)"
    )
    serve.add_argument(
        "--workers", type=positive, help="worker processes (default LINKWISE_WORKERS or the number of cores)"
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.set_defaults(handler=cmd_serve)

    for name, handler, text in (
        ("options", cmd_options, "every slot's candidates with status, reasons and cheapest price"),
        ("recommend", cmd_recommend, "the best assemblies within budget"),
        ("explain", cmd_explain, "why nothing fits, and the smallest relaxations"),
        ("count", cmd_count, "the exact number of valid assemblies"),
        ("check", cmd_check, "check one complete assembly given by --pick"),
    ):
        command = sub.add_parser(name, parents=[common, request], help=text, description=text)
        command.set_defaults(handler=handler)
        if name == "recommend":
            command.add_argument("--count", type=int, default=5, help="how many (default 5)")

    addons = sub.add_parser("addons", parents=[common], help="modules that fit a piece someone owns")
    piece = addons.add_mutually_exclusive_group(required=True)
    piece.add_argument("--piece", help="the piece's SKUs, comma separated")
    piece.add_argument("--order", help="the order reference the piece was registered under")
    addons.add_argument("--budget", type=budget_cents, help="budget in EUR or cents (12000c)")
    addons.add_argument("--first", type=int, default=20, help="show at most this many (default 20)")
    addons.add_argument("--replate", action="store_true",
                        help="re-plate the whole piece with the add-on (else it is attached bare)")
    addons.add_argument("--time-limit", type=float, metavar="S", help="solver seconds")
    addons.set_defaults(handler=cmd_addons)

    catalog = sub.add_parser("catalog", help="import, export or lint the catalog")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    importer = catalog_sub.add_parser(
        "import", parents=[common], help="import a catalog file as a new version"
    )
    importer.add_argument("file", help="catalog JSON document (the format `catalog export` writes)")
    importer.add_argument("--message", default=None, help="version message (default: import FILE)")
    importer.set_defaults(handler=cmd_catalog_import)
    exporter = catalog_sub.add_parser("export", parents=[common], help="write a catalog version as JSON")
    exporter.add_argument("file", nargs="?", help="file to write (default stdout)")
    exporter.add_argument("--version", type=int, help="catalog version (default the latest)")
    exporter.set_defaults(handler=cmd_catalog_export)
    linter = catalog_sub.add_parser("lint", parents=[common], help="dead parts, unreachable styles, counts")
    linter.add_argument("--time-limit", type=float, metavar="S", help="solver seconds")
    linter.set_defaults(handler=cmd_catalog_lint)

    schema = sub.add_parser("schema", help="write api/schema.graphql from the code (or --check it)")
    schema.add_argument("--output", "-o", help="file to write (default api/schema.graphql; - for stdout)")
    schema.add_argument("--check", action="store_true", help="exit 1 when the file differs from the code")
    schema.set_defaults(handler=cmd_schema)
    return parser


# --- plumbing -----------------------------------------------------------------------------------


def settings_of(args: argparse.Namespace, **changes: Any) -> Settings:
    update = {key: value for key, value in changes.items() if value is not None}
    if getattr(args, "database_url", None):
        update["database_url"] = args.database_url
    if getattr(args, "time_limit", None):
        update["solver_time_limit_s"] = args.time_limit
    settings = get_settings()
    return settings.model_copy(update=update) if update else settings


def open_store(args: argparse.Namespace, *, seed: bool = True) -> Store:
    from api.state import open_seeded_store

    settings = settings_of(args)
    if seed:
        with progress("opening the catalog store", quiet=args.quiet or args.json):
            return open_seeded_store(settings)
    store = Store.from_url(settings.database_url)
    store.create_schema()
    return store


def load(args: argparse.Namespace) -> tuple[Store, Catalog]:
    store = open_store(args)
    return store, store.load()


def solver_for(args: argparse.Namespace, catalog: Catalog) -> Any:
    from solver.service import Solver

    settings = settings_of(args)
    return Solver(catalog, time_limit_s=settings.solver_time_limit_s, work_limit=settings.solver_work_limit)


def request_for(args: argparse.Namespace, catalog: Catalog, *, with_picks: bool = True) -> Any:
    """The solver Request the flags describe; an option slot's --pick names its value code."""
    from pydantic import ValidationError

    from solver.request import Request

    try:
        style = catalog.style(args.style)
    except KeyError:
        raise ValidationFailed(
            f"no style {args.style!r}",
            errors=[
                FieldError("--style", "unknown_style", f"styles: {', '.join(s.id for s in catalog.styles)}")
            ],
        ) from None
    kinds = {slot.name: slot.kind for slot in style.slots}
    picks = []
    for slot, values in args.pick if with_picks else []:
        if kinds.get(slot) is SlotKind.OPTION:
            picks.append({"slot": slot, "option": values[0] if values else None})
        else:
            picks.append({"slot": slot, "skus": values, "exact": not values})
    data = {
        "picks": picks,
        "budget_cents": args.budget,
        "quantity": args.quantity,
        "deadline_days": args.deadline,
        "nickel_free": args.nickel_free,
        "text": args.text,
    }
    try:
        return Request.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed("request refused", errors=field_errors(exc)) from None


def work(args: argparse.Namespace, label: str, fn: Callable[[], T]) -> T:
    with progress(label, quiet=args.quiet or args.json):
        return fn()


def emit(args: argparse.Namespace, result: Any, text: Callable[[], str]) -> int:
    if args.json:
        print_json(result)
    else:
        print(text())
    return 0


# --- commands -----------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace) -> int:
    from api.cli_serve import serve, worker_count
    from api.state import open_seeded_store

    settings = settings_of(
        args, host=args.host, port=args.port, merchandiser_token=args.merchandiser_token, workers=args.workers
    )
    with progress("opening the catalog store", quiet=args.quiet):
        store = open_seeded_store(settings)  # seeded once here, before any worker starts
        version = store.latest_version()
        store.close()
    print(
        f"Linkwise on http://{settings.host}:{settings.port}/ (GraphQL at /graphql) · catalog v{version}"
        f" · {settings.env}"
        f" · {worker_count(settings)} worker(s)"
        + ("" if settings.merchandiser_token else " · mutations disabled (no merchandiser token)"),
        file=sys.stderr,
    )
    serve(settings, log_level=args.log_level)
    return 0


def cmd_options(args: argparse.Namespace) -> int:
    _, catalog = load(args)
    request = request_for(args, catalog)
    result = work(args, "computing options", lambda: solver_for(args, catalog).options(args.style, request))
    return emit(args, result, lambda: render.options(result, catalog))


def cmd_recommend(args: argparse.Namespace) -> int:
    _, catalog = load(args)
    request = request_for(args, catalog)
    result = work(
        args, "recommending", lambda: solver_for(args, catalog).recommend(args.style, request, k=args.count)
    )
    return emit(args, result, lambda: render.recommendations(result, catalog))


def cmd_explain(args: argparse.Namespace) -> int:
    _, catalog = load(args)
    request = request_for(args, catalog)
    result = work(args, "explaining", lambda: solver_for(args, catalog).explain(args.style, request))
    return emit(args, result, lambda: render.explanation(result))


def cmd_count(args: argparse.Namespace) -> int:
    _, catalog = load(args)
    request = request_for(args, catalog)
    result = work(args, "counting", lambda: solver_for(args, catalog).count(args.style, request))
    return emit(args, result, lambda: render.count(result, args.style))


def cmd_check(args: argparse.Namespace) -> int:
    _, catalog = load(args)
    request = request_for(args, catalog, with_picks=False)
    slots = [slot for slot, _ in args.pick]
    twice = sorted({slot for slot in slots if slots.count(slot) > 1})
    if twice:  # never silently keep the last of two contents
        raise ValidationFailed("assembly refused", errors=[
            FieldError(f"--pick {slot}", "duplicate_slot", f"slot {slot} is given twice") for slot in twice])
    choice = dict(args.pick)
    result = work(args, "checking", lambda: solver_for(args, catalog).check(args.style, request, choice))
    status = emit(args, result, lambda: render.check(result, catalog))
    return status if result.valid else 1


def cmd_addons(args: argparse.Namespace) -> int:
    from solver.request import Request

    store, catalog = load(args)
    skus = (
        [s.strip() for s in args.piece.split(",") if s.strip()]
        if args.piece
        else store.owned_piece(args.order)
    )
    request = Request(budget_cents=args.budget)
    result = work(
        args, "finding add-ons", lambda: solver_for(args, catalog).add_ons(skus, request, first=args.first,
                                                                          replate=args.replate)
    )
    return emit(args, result, lambda: render.add_ons(result, catalog))


def cmd_catalog_import(args: argparse.Namespace) -> int:
    from catalog.io import load_catalog_file

    quiet = args.quiet or args.json
    store = open_store(args, seed=False)
    with progress(f"reading {args.file}", quiet=quiet):
        catalog = load_catalog_file(args.file)
    with progress("writing a new catalog version", quiet=quiet):
        version = store.import_catalog(catalog, args.message or f"import {args.file}")
    stored = store.load(version)
    summary = {
        "version": version,
        "parts": len(stored.parts),
        "styles": len(stored.styles),
        "rules": len(stored.rules),
    }
    return emit(
        args,
        summary,
        lambda: (
            f"imported {args.file} as catalog v{version}: {len(stored.parts)} parts, "
            f"{len(stored.styles)} styles, {len(stored.rules)} rules"
        ),
    )


def cmd_catalog_export(args: argparse.Namespace) -> int:
    from catalog.io import dumps_catalog, write_catalog_file

    store = open_store(args)
    catalog = store.load(args.version)
    if args.file:
        write_catalog_file(catalog, args.file)
        if not args.quiet:
            print(f"wrote catalog v{catalog.version} to {args.file}", file=sys.stderr)
    else:
        sys.stdout.write(dumps_catalog(catalog))
    return 0


def cmd_catalog_lint(args: argparse.Namespace) -> int:
    _, catalog = load(args)
    result = work(args, f"linting catalog v{catalog.version}", lambda: solver_for(args, catalog).lint())
    return emit(args, result, lambda: render.lint(result, catalog))


def cmd_schema(args: argparse.Namespace) -> int:
    from api.schema_export import export

    return export(args.output, check=args.check)


# --- entry point --------------------------------------------------------------------------------


def refusal(exc: LinkwiseError, args: argparse.Namespace) -> int:
    if getattr(args, "json", False):
        print_json(
            {
                "error": {
                    "code": exc.code,
                    "message": exc.message,
                    "errors": [{"field": e.field, "code": e.code, "message": e.message} for e in exc.errors],
                }
            }
        )
    else:
        print(f"linkwise: {exc.message}", file=sys.stderr)
        for err in exc.errors:
            print(f"  {err.field or '(input)'}: {err.message} [{err.code}]", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.handler(args)
        return status
    except LinkwiseError as exc:
        return refusal(exc, args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
