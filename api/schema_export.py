"""Print the GraphQL schema (SDL) from the code, or check that the committed api/schema.graphql matches.

python -m api.schema_export            # rewrite api/schema.graphql
python -m api.schema_export --check    # exit 1 when the file and the code differ
linkwise schema [--check] [--output FILE|-]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from strawberry.printer import print_schema

from api.graphql.schema import build_schema

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")


def sdl() -> str:
    return print_schema(build_schema()) + "\n"


def export(output: str | None = None, *, check: bool = False) -> int:
    """Write (or with `check`, compare) the SDL; `output` "-" is stdout. Returns an exit status."""
    text = sdl()
    target = SCHEMA_FILE if output is None else Path(output)
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is out of date: run `linkwise schema` to regenerate it", file=sys.stderr)
            return 1
        return 0
    if output == "-":
        sys.stdout.write(text)
    else:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.schema_export", description=__doc__.splitlines()[0])
    parser.add_argument("--output", "-o", help="file to write (default api/schema.graphql; - for stdout)")
    parser.add_argument("--check", action="store_true", help="fail when the file differs from the code")
    args = parser.parse_args(argv)
    return export(args.output, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
