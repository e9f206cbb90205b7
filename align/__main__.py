"""The `align` command and `python3 -m align`: the CLI (`align/cli.py`), or one line and exit 70
when a package it imports first (click) is missing; importing it takes only the standard library."""
import sys


def main() -> None:
    try:
        from .cli import main as cli
    except ModuleNotFoundError as err:
        from .errors import INTERNAL, missing_package

        print(f"align: error: {missing_package(err)}", file=sys.stderr)
        sys.exit(INTERNAL)
    cli()


if __name__ == "__main__":
    main()
